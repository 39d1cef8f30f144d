using System.Collections.Immutable;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Recommender.Metrics;

/// <summary>
/// A latency and the statistics reported of it, named <c>&lt;metric&gt;_&lt;stat&gt;_ms</c> (<c>itl_p50_ms</c>,
/// <c>ttft_p999_ms</c> for p99.9); percentiles are nearest-rank over every recorded sample.
/// </summary>
public sealed record LatencyFamily(LatencyMetric Metric, MetricScope Scope, string Description)
{
    public string NamePattern => $"{Metric.ToName()}_<stat>_ms";

    public ImmutableArray<MetricDefinition> Members => [.. MetricCatalogue.Statistics.Select(Of)];

    public MetricDefinition Of(Statistic statistic) => new(
        MetricNames.Latency(Metric, statistic),
        "ms",
        MetricDirection.LowerIsBetter,
        Scope,
        $"{statistic.ToName()} of the {Description}");
}
