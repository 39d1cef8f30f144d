using System.Collections.Immutable;
using MLEnergy.Profiler.Latency;
using MLEnergy.Profiler.Statistics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Runtime.Trials;

/// <summary>
/// Early-stopping verdicts for every percentile constraint of an SLO: met only when enough samples were seen at the
/// confidence asked for, missed when enough were over, undecided otherwise. Means get no verdict (plain comparison).
/// </summary>
public static class SloVerdicts
{
    public static ImmutableDictionary<string, SloVerdict> Judge(LatencySummary latencies, ServiceLevelObjective slo, double confidence)
    {
        var verdicts = ImmutableDictionary.CreateBuilder<string, SloVerdict>(StringComparer.Ordinal);
        foreach (var constraint in slo.Constraints)
        {
            if (constraint.Statistic.Quantile() is not { } quantile
                || LatencyMetricMap.Kind(constraint.Metric) is not { } kind)
            {
                continue;
            }

            var verdict = new EarlyStopping(quantile, confidence).Judge(latencies.Count(kind), latencies.CountAbove(kind, constraint.ThresholdMs));
            verdicts[constraint.MetricName] = verdict switch
            {
                PercentileVerdict.Met => SloVerdict.Met,
                PercentileVerdict.Missed => SloVerdict.Missed,
                _ => SloVerdict.Undecided,
            };
        }

        return verdicts.ToImmutable();
    }

    public static bool AllDecided(ImmutableDictionary<string, SloVerdict> verdicts) => verdicts.Values.All(v => v != SloVerdict.Undecided);
}
