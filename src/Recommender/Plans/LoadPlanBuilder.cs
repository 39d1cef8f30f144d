using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Recommender.Plans;

/// <summary>
/// Turns the tuning results of each load level into a <see cref="LoadPlan"/>: band i serves rates above level i-1 and
/// at most level i with what level i, the band's hardest load, recommended; above the top level nothing was measured.
/// A level where no configuration met the SLO keeps its closest configuration, with its verdict (missed or undecided).
/// </summary>
public static class LoadPlanBuilder
{
    public static LoadPlanEvaluation Build(
        string sloText,
        ServiceLevelObjective slo,
        Configuration serverKnobs,
        IReadOnlyList<LevelResult> levels
    )
    {
        if (levels.Count == 0)
        {
            throw new ArgumentException("a plan needs at least one level", nameof(levels));
        }

        var ordered = levels.OrderBy(l => l.RequestsPerSecond).ToList();
        var energyMetric = ordered[0].Result.EnergyMetric;
        var bands = new List<LoadBand>();
        var comparisons = new List<(double Rate, Observation? Baseline, Observation? Planned, SloVerdict Verdict)>();
        for (var i = 0; i < ordered.Count; i++)
        {
            var (rate, result) = (ordered[i].RequestsPerSecond, ordered[i].Result);
            var selection = result.Selection;
            var (planned, verdict) = Planned(result, serverKnobs, slo, energyMetric);
            bands.Add(Band(i == 0 ? 0 : ordered[i - 1].RequestsPerSecond, rate));
            comparisons.Add((rate, selection.Baseline, planned, verdict));

            LoadBand Band(double from, double? to) =>
                new(
                    from,
                    to,
                    rate,
                    planned?.Configuration ?? serverKnobs,
                    GpuKnob(result, planned, KnobKind.GpuSmClockCap),
                    GpuKnob(result, planned, KnobKind.GpuPowerLimit),
                    planned?.Metric(MetricNames.EnergyPerToken),
                    planned?.Metric(slo.Primary.MetricName),
                    planned?.Metric(MetricNames.TokenThroughput),
                    planned?.Metric(MetricNames.AveragePower),
                    verdict
                );
        }

        var plan = new LoadPlan(sloText, slo.Primary.MetricName, slo.Primary.ThresholdMs, serverKnobs, bands)
        {
            Confidence = slo.Confidence,
        };
        var chosenStatic = BestStatic(ordered, slo, energyMetric);
        var levelComparisons = comparisons
            .Select(
                (c, i) =>
                    new LevelComparison(
                        c.Rate,
                        c.Baseline,
                        chosenStatic is null ? null : MergedAt(ordered[i], chosenStatic),
                        c.Planned,
                        c.Verdict
                    )
            )
            .ToImmutableArray();
        return new LoadPlanEvaluation(plan, energyMetric, chosenStatic, levelComparisons);
    }

    /// <summary>
    /// What a level's band runs: the level's recommendation when it has the plan's server knobs, else the least-energy
    /// configuration with them that met the SLO there, else the one with them closest to the SLO, with its own verdict
    /// (missed, or undecided when too few requests were seen to tell); undecided when no valid trial had them. A
    /// configuration with other server knobs (the baseline, measured for comparison) never serves a band: following
    /// load must not restart the server.
    /// </summary>
    private static (Observation? Planned, SloVerdict Verdict) Planned(
        TuningResult result,
        Configuration serverKnobs,
        ServiceLevelObjective slo,
        string energyMetric
    )
    {
        bool Shares(Observation o) =>
            serverKnobs.Values.All(kv => o.Configuration.TryGet(kv.Key, out var v) && v.Equals(kv.Value));

        var sharing = result.Run.Merged.Where(o => o.Feasible && Shares(o)).ToList();
        var meeting =
            result.Selection.Recommended is { } recommended && Shares(recommended)
                ? recommended
                : sharing
                    .Where(o => SloJudge.Meets(o, slo) && o.Metric(energyMetric) is not null)
                    .MinBy(o => o.Metric(energyMetric));
        if (meeting is not null)
        {
            return (meeting, SloVerdict.Met);
        }

        var closest =
            result.Selection.Closest is { } c && Shares(c)
                ? c
                : sharing.MinBy(o => o.Metric(slo.Primary.MetricName) ?? double.PositiveInfinity);
        return (closest, closest is null ? SloVerdict.Undecided : SloJudge.Overall(closest, slo));
    }

    /// <summary>
    /// The configuration measured at every level that meets the SLO at every level with the least mean energy over
    /// the levels; null when there is none.
    /// </summary>
    public static Configuration? BestStatic(
        IReadOnlyList<LevelResult> levels,
        ServiceLevelObjective slo,
        string energyMetric
    )
    {
        var candidates = levels[0].Result.Run.Merged.Select(o => o.Configuration).Distinct();
        return candidates
            .Select(c => (Configuration: c, At: levels.Select(l => MergedAt(l, c)).ToList()))
            .Where(c => c.At.All(o => o is not null && SloJudge.Meets(o, slo) && o.Metric(energyMetric) is not null))
            .Select(c => (c.Configuration, Mean: c.At.Average(o => o!.Metric(energyMetric)!.Value)))
            .OrderBy(c => c.Mean)
            .ThenBy(c => c.Configuration.Key, StringComparer.Ordinal)
            .Select(c => c.Configuration)
            .FirstOrDefault();
    }

    private static Observation? MergedAt(LevelResult level, Configuration configuration) =>
        level.Result.Run.Merged.FirstOrDefault(o => o.Configuration.Equals(configuration));

    private static double? GpuKnob(Results.TuningResult result, Observation? observation, KnobKind kind) =>
        observation is null || result.Space.Knobs.FirstOrDefault(k => k.Kind == kind) is not { } knob ? null
        : observation.Configuration.Values.TryGetValue(knob.Name, out var value) ? value.Number
        : null;
}
