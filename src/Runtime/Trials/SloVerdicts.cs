using System.Collections.Immutable;
using MLEnergy.Profiler.Latency;
using MLEnergy.Profiler.Statistics;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;
using MLEnergy.Runtime.Trials.Validity;

namespace MLEnergy.Runtime.Trials;

/// <summary>
/// Early-stopping verdicts for every percentile constraint of an SLO: met only when enough samples were seen at the
/// confidence asked for, missed when enough were over, undecided otherwise. A trial looks several times (the window
/// is extended while undecided), so its verdicts use <see cref="SequentialEarlyStopping"/> over the trial's planned
/// looks and keep the stated confidence overall. Means get no verdict (plain comparison).
/// </summary>
public static class SloVerdicts
{
    public static ImmutableDictionary<string, SloVerdict> Judge(
        LatencySummary latencies,
        ServiceLevelObjective slo,
        TrialSettings settings
    ) => Judge(latencies, slo, settings.Confidence, settings.PlannedLooks);

    public static ImmutableDictionary<string, SloVerdict> Judge(
        LatencySummary latencies,
        ServiceLevelObjective slo,
        double confidence,
        int plannedLooks = 1
    ) => Judge(k => latencies.Count(k), (k, bound) => latencies.CountAbove(k, bound), slo, confidence, plannedLooks);

    /// <summary>
    /// The same verdicts from counts alone: how many samples of a kind were seen and how many were over a bound
    /// (a target that keeps weighted samples, as the simulated host keeps its inter-token times, counts them here).
    /// </summary>
    public static ImmutableDictionary<string, SloVerdict> Judge(
        Func<LatencyKind, long> count,
        Func<LatencyKind, double, long> countAbove,
        ServiceLevelObjective slo,
        TrialSettings settings
    ) => Judge(count, countAbove, slo, settings.Confidence, settings.PlannedLooks);

    private static ImmutableDictionary<string, SloVerdict> Judge(
        Func<LatencyKind, long> count,
        Func<LatencyKind, double, long> countAbove,
        ServiceLevelObjective slo,
        double confidence,
        int plannedLooks
    )
    {
        var verdicts = ImmutableDictionary.CreateBuilder<string, SloVerdict>(StringComparer.Ordinal);
        foreach (var constraint in slo.Constraints)
        {
            if (
                constraint.Statistic.Quantile() is not { } quantile
                || LatencyMetricMap.Kind(constraint.Metric) is not { } kind
            )
            {
                continue;
            }

            var rule = new SequentialEarlyStopping(quantile, confidence, plannedLooks);
            var over = countAbove(kind, constraint.ThresholdMs);
            verdicts[constraint.MetricName] = rule.Judge(count(kind), over) switch
            {
                PercentileVerdict.Met => SloVerdict.Met,
                PercentileVerdict.Missed => SloVerdict.Missed,
                _ => SloVerdict.Undecided,
            };
        }

        return verdicts.ToImmutable();
    }

    /// <summary>
    /// LoadGen's early-stopping estimate of each percentile the SLO bounds (at the per-look confidence), named
    /// <c>&lt;metric&gt;_early_stopping</c>, e.g. <c>ttft_p99_ms_early_stopping</c>; none where too few samples.
    /// </summary>
    public static IEnumerable<(MetricDefinition Metric, double Value)> Estimates(
        LatencySummary latencies,
        ServiceLevelObjective slo,
        TrialSettings settings
    )
    {
        foreach (var constraint in slo.Constraints)
        {
            if (
                constraint.Statistic.Quantile() is not { } quantile
                || LatencyMetricMap.Kind(constraint.Metric) is not { } kind
            )
            {
                continue;
            }

            var rule = new SequentialEarlyStopping(quantile, settings.Confidence, settings.PlannedLooks).PerLook;
            var estimate = latencies.EarlyStoppingEstimateMs(kind, quantile, rule.Confidence);
            if (!double.IsNaN(estimate))
            {
                yield return (MetricCatalogue.EarlyStopping(constraint.Metric, constraint.Statistic), estimate);
            }
        }
    }

    /// <summary>
    /// For every percentile constraint: the share of the samples above its bound and their number
    /// (<c>&lt;metric&gt;_over_bound</c>, <c>&lt;metric&gt;_samples</c>), the counts the verdict judged, which
    /// repeats of a configuration pool (<c>ConfidentVerdicts</c>); none where no sample was seen.
    /// </summary>
    public static IEnumerable<(MetricDefinition Metric, double Value)> Counts(
        Func<LatencyKind, long> count,
        Func<LatencyKind, double, long> countAbove,
        ServiceLevelObjective slo
    )
    {
        foreach (var constraint in slo.Constraints)
        {
            if (
                constraint.Statistic.Quantile() is null
                || LatencyMetricMap.Kind(constraint.Metric) is not { } kind
                || count(kind) is not > 0
            )
            {
                continue;
            }

            var seen = count(kind);
            var (overBound, samples) = MetricCatalogue.Counts(constraint.Metric, constraint.Statistic);
            yield return (overBound, countAbove(kind, constraint.ThresholdMs) / (double)seen);
            yield return (samples, seen);
        }
    }

    /// <summary>
    /// For every percentile constraint: the samples seen, the fewest with which one look could meet it (none over
    /// the bound) at the trial's per-look confidence, and whether the trial's verdict was reached; the validity gates
    /// compare the two counts of a verdict left undecided.
    /// </summary>
    public static ImmutableArray<VerdictSamples> Samples(
        Func<LatencyKind, long> count,
        ServiceLevelObjective slo,
        TrialSettings settings,
        ImmutableDictionary<string, SloVerdict> verdicts
    )
    {
        var samples = ImmutableArray.CreateBuilder<VerdictSamples>();
        foreach (var constraint in slo.Constraints)
        {
            if (
                constraint.Statistic.Quantile() is not { } quantile
                || LatencyMetricMap.Kind(constraint.Metric) is not { } kind
            )
            {
                continue;
            }

            var rule = new SequentialEarlyStopping(quantile, settings.Confidence, settings.PlannedLooks).PerLook;
            samples.Add(
                new VerdictSamples(
                    constraint.MetricName,
                    count(kind),
                    rule.MinimumSamples(0),
                    verdicts.GetValueOrDefault(constraint.MetricName, SloVerdict.Undecided) != SloVerdict.Undecided
                )
            );
        }

        return samples.ToImmutable();
    }

    public static bool AllDecided(ImmutableDictionary<string, SloVerdict> verdicts) =>
        verdicts.Values.All(v => v != SloVerdict.Undecided);
}
