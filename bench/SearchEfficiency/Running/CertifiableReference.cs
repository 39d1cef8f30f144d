using System.Collections.Concurrent;
using System.Diagnostics;
using MLEnergy.Recommender.Knobs;
using MLEnergy.SearchEfficiency.Scenarios;

namespace MLEnergy.SearchEfficiency.Running;

/// <summary>
/// What a search that recommends only what it certifies could reach in one run of a scenario (--certifiable): every
/// configuration whose true energy lies within <see cref="Within"/> of the optimum's and that truly meets the SLO,
/// on the truth and, where the scenario has one, with feasibility and the optimum read on its closer truth near a
/// bound (<see cref="CloserOptimum"/>), the cheapest <see cref="Cap"/> of each, measured by the run's own evaluator
/// and judged by the product's rules (<see cref="Certification"/>). A search's trials of a configuration run the
/// same loads (repetition r of each configuration), so what no configuration within reach passes here, no search
/// of this run passes either, whatever it measures.
/// </summary>
public sealed class CertifiableReference
{
    /// <summary>
    /// How far above the optimum's true energy a configuration counts as within reach: the band of the summary's
    /// "within 3 %" columns too (<see cref="Reporting.SummaryTable"/>), so that auto's share and the reach compare.
    /// </summary>
    public const double Within = 0.03;

    /// <summary>The closer band reported beside it (the summary's "within 1 %").</summary>
    public const double Near = 0.01;

    /// <summary>Configurations measured at most per truth and run, the cheapest first.</summary>
    public int Cap { get; init; } = 40;

    /// <summary>Trials a configuration gets at most (<c>AutoOptions.MaxRepeats</c>).</summary>
    public required int MaxRepeats { get; init; }

    /// <summary>Trials a pass needs to stand (<c>AutoOptions.ConfirmTrials</c>).</summary>
    public required int ConfirmTrials { get; init; }

    /// <summary>Configurations measured side by side, each with its own evaluator.</summary>
    public int Threads { get; init; } = 1;

    public async Task<CertifiableRun> MeasureAsync(
        Scenario scenario,
        double? optimum,
        CloserOptimum closer,
        CancellationToken cancellationToken
    )
    {
        var watch = Stopwatch.StartNew();
        var priced = scenario
            .Space.Enumerate()
            .Select(c => (Configuration: c, Truth: scenario.Truth(c)))
            .Where(p => p.Truth is not null)
            .OrderBy(p => p.Truth!.Energy)
            .ToList();
        List<Configuration> Members(double? best, Func<Configuration, Truth, bool> meets) =>
            best is not { } b
                ? []
                :
                [
                    .. priced
                        .Where(p => p.Truth!.Energy <= b * (1 + Within) && meets(p.Configuration, p.Truth))
                        .Select(p => p.Configuration)
                        .Take(Cap),
                ];
        var onTruth = Members(optimum, (_, t) => Oracle.Meets(t, scenario.Slo));
        var onCloser = scenario.CloserTruth is null
            ? null
            : Members(closer.Energy, (c, _) => Oracle.MeetsOnCloserTruth(scenario, c));
        var measured = new ConcurrentDictionary<Configuration, Certification>();
        await Parallel.ForEachAsync(
            onTruth.Union(onCloser ?? []),
            new ParallelOptions
            {
                MaxDegreeOfParallelism = Math.Max(1, Threads),
                CancellationToken = cancellationToken,
            },
            async (configuration, token) =>
                measured[configuration] = await Certification.MeasureAsync(
                    scenario.NewEvaluator(),
                    scenario.Space,
                    scenario.Slo,
                    configuration,
                    MaxRepeats,
                    ConfirmTrials,
                    token
                )
        );
        Members Of(IReadOnlyList<Configuration> members, double? best) =>
            new(
                [.. members.Select(c => (measured[c], (scenario.Truth(c)!.Energy / best!.Value) - 1))],
                best is not null
            );
        return new CertifiableRun(
            scenario.Name,
            Of(onTruth, optimum),
            onCloser is null ? null : Of(onCloser, closer.Energy),
            measured.Values.Sum(c => c.Trials),
            watch.Elapsed
        );
    }
}
