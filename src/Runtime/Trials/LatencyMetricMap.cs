using MLEnergy.Profiler.Latency;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Runtime.Trials;

/// <summary>Maps the catalogue's streamed latencies onto the latency kinds a load run records.</summary>
public static class LatencyMetricMap
{
    /// <summary>The recorded kind of a streamed latency; null for one a streaming client does not record.</summary>
    public static LatencyKind? Kind(LatencyMetric metric) =>
        metric switch
        {
            LatencyMetric.Ttft => LatencyKind.Ttft,
            LatencyMetric.Tpot => LatencyKind.Tpot,
            LatencyMetric.Itl => LatencyKind.Itl,
            LatencyMetric.E2e => LatencyKind.E2e,
            _ => null,
        };

    public static LatencyKind Kind(LatencyFamily family) =>
        Kind(family.Metric)
        ?? throw new ArgumentException($"{family.NamePattern} is not recorded by a streaming client", nameof(family));
}
