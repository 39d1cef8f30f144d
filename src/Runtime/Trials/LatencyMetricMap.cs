using MLEnergy.Profiler.Latency;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Runtime.Trials;

/// <summary>Maps the SLO language's metrics and statistics onto recorded latency kinds and quantiles.</summary>
public static class LatencyMetricMap
{
    public static LatencyKind Kind(LatencyMetric metric) => metric switch
    {
        LatencyMetric.Ttft => LatencyKind.Ttft,
        LatencyMetric.Tpot => LatencyKind.Tpot,
        LatencyMetric.Itl => LatencyKind.Itl,
        _ => LatencyKind.E2e,
    };

    /// <summary>The quantile of a percentile statistic; null for the mean.</summary>
    public static double? Quantile(Statistic statistic) => statistic switch
    {
        Statistic.P50 => 0.5,
        Statistic.P90 => 0.9,
        Statistic.P95 => 0.95,
        Statistic.P99 => 0.99,
        Statistic.P999 => 0.999,
        _ => null,
    };
}
