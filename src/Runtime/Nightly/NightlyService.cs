using System.Collections.Immutable;
using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Selection;
using MLEnergy.Runtime.Optimize;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Stores;
using MLEnergy.Runtime.Targets;
using MLEnergy.Runtime.Trials;

namespace MLEnergy.Runtime.Nightly;

/// <summary>
/// <c>optimize --nightly</c>, composed of runs: a re-check run that re-measures the last recommendation and the
/// baseline a few times; when energy or an SLO latency moved beyond its confidence interval, a tuning run warm-started
/// from the history (old frontier first, fresh measurements reused) that says what drifted. Each goes through the one
/// <see cref="RunLifecycle"/>; the host session belongs to the caller.
/// </summary>
public sealed class NightlyService(OptimizeService optimize, TimeProvider time, int repetitions = 3)
{
    public async Task<NightlyOutcome> RunAsync(
        OptimizeRequest request,
        TargetSetup setup,
        IHostSession host,
        IProgress<TrialProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        StateDirectory.EnsureWritable(request.StateDirectory);
        await using var store = await TrialStoreFactory.OpenAsync(
            request.Store,
            request.StateDirectory,
            cancellationToken
        );
        var space = setup.Space;
        var fingerprint = RunFingerprint.Of(request, space);
        var runs = (await store.ListRunsAsync(cancellationToken))
            .Where(r => r.Run.Fingerprint == fingerprint && r.Run.HostId == request.HostId)
            .Where(r => r.Status == RunStatus.Finished)
            .ToList();
        var last = runs.LastOrDefault(r => r.Run.Kind != RunKind.NightlyCheck && r.Completion?.Recommended is not null);
        if (last is null)
        {
            var first = new RunDefinition(RunKind.NightlyRetune, TuningMeasurement.For(request, space))
            {
                OutputDirectory = request.OutputDirectory,
                NotesHeading = "Nightly check",
                Notes = ["No earlier recommendation for this space, target and SLO on this host: tuned from scratch."],
            };
            var tuned = await optimize.TuneAsync(request, setup, host, store, first, progress, cancellationToken);
            return new NightlyOutcome(null, [], tuned);
        }

        var history = new List<Observation>();
        foreach (var run in runs.Where(r => r.Run.StartedAt >= last.Run.StartedAt))
        {
            history.AddRange((await store.TrialsAsync(run.Run.Id, cancellationToken)).Where(o => o.Feasible));
        }

        var recommended = history.First(o => o.Configuration.Key == last.Completion!.Recommended).Configuration;
        return await RecheckAsync(request, setup, host, store, history, recommended, progress, cancellationToken);
    }

    /// <summary>
    /// Re-measures <paramref name="recommended"/> and the baseline and compares them with <paramref name="history"/>
    /// (earlier trials of the same problem, from this host or a fleet's study); re-tunes, warm-started from the
    /// history's frontier, when they drifted.
    /// </summary>
    public async Task<NightlyOutcome> RecheckAsync(
        OptimizeRequest request,
        TargetSetup setup,
        IHostSession host,
        ITrialStore store,
        IReadOnlyList<Observation> history,
        Configuration recommended,
        IProgress<TrialProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        var space = setup.Space;
        var configurations = new[] { recommended, space.Baseline }.OfType<Configuration>().Distinct().ToList();
        var recheck = new RunDefinition(RunKind.NightlyCheck, new RecheckMeasurement(configurations, repetitions))
        {
            IdSuffix = "-check",
            NotesHeading = "Nightly check",
            Notes = ["Re-measurement of the last recommendation and the baseline."],
        };
        var check = await new RunLifecycle(store, time).RunAsync(
            request,
            space,
            host,
            recheck,
            progress,
            cancellationToken
        );
        var fresh = check.Measured.Observations.ToList();
        // Capacity is a constraint: a configuration that serves less than it did, or no longer keeps up, drifted.
        var throughput = (
            MetricCatalogue.ThroughputOf(check.Result.EnergyMetric) ?? MetricCatalogue.TokenThroughput
        ).Name;
        var metrics = request
            .Slo.Constraints.Select(c => c.MetricName)
            .Prepend(check.Result.EnergyMetric)
            .Append(throughput)
            .Distinct()
            .ToList();
        var roles = new List<(string Role, Configuration Configuration)> { ("recommendation", recommended) };
        if (space.Baseline is { } baseline && !baseline.Equals(recommended))
        {
            roles.Add(("baseline", baseline));
        }

        var choose = RecommendationSelector.Chooser(
            request.Slo,
            space.Objective,
            space.Baseline,
            ThroughputFloors.For(request, space),
            space
        );
        var reference = NightlyReference.Of(history, recommended, check.Result.EnergyMetric, choose);
        var findings = NightlyJudgement.Of(roles, history, reference, fresh, metrics, throughput);
        if (!findings.Any(f => f.Drifted))
        {
            return new NightlyOutcome(check.Session.Folder, findings, null);
        }

        var lastFrontier = ParetoFrontierOf(history, check.Result);
        var warmStart = fresh.GroupBy(o => o.Configuration).Select(g => g.Last()).ToList();
        var retune = new RunDefinition(
            RunKind.NightlyRetune,
            TuningMeasurement.For(request, space, inner => new WarmStartStrategy(inner, lastFrontier), warmStart)
        )
        {
            OutputDirectory = request.OutputDirectory,
            NotesHeading = "What drifted",
            Notes =
            [
                .. findings.Where(f => f.Drifted).Select(f => f.ToString()),
                $"Re-measured in {check.Session.Folder.Path}; re-tuned, starting from the last frontier.",
            ],
        };
        var retuned = await optimize.TuneAsync(request, setup, host, store, retune, progress, cancellationToken);
        return new NightlyOutcome(check.Session.Folder, findings, retuned);
    }

    private static ImmutableArray<Configuration> ParetoFrontierOf(
        IReadOnlyList<Observation> history,
        TuningResult check
    ) =>
        [
            .. Recommender
                .Pareto.ParetoFrontier.Of(history, check.LatencyMetric, check.EnergyMetric)
                .Select(o => o.Configuration),
        ];
}
