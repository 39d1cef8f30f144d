using System.Collections.Immutable;

namespace MLEnergy.Recommender.Metrics;

/// <summary>
/// A latency and the statistics reported of it, named <c>&lt;metric&gt;_&lt;stat&gt;_ms</c> (<c>itl_p50_ms</c>,
/// <c>ttft_p999_ms</c> for p99.9); percentiles are nearest-rank over every recorded sample.
/// </summary>
public sealed record LatencyFamily(LatencyMetric Metric, MetricScope Scope, string Description)
{
    /// <summary>The suffix of LoadGen's early-stopping percentile estimate, reported beside the percentile.</summary>
    public const string EarlyStoppingSuffix = "_early_stopping";

    public string NamePattern => $"{Metric.ToName()}_<stat>_ms";

    public ImmutableArray<MetricDefinition> Members => [.. MetricCatalogue.Statistics.Select(Of)];

    /// <summary>
    /// LoadGen's early-stopping estimates of the percentiles, reported beside them for SLO constraints.
    /// </summary>
    public ImmutableArray<MetricDefinition> EarlyStoppingMembers =>
        [.. MetricCatalogue.Statistics.Where(s => s.Quantile() is not null).Select(EarlyStoppingOf)];

    public MetricDefinition Of(Statistic statistic) =>
        new(
            MetricNames.Latency(Metric, statistic),
            "ms",
            MetricDirection.LowerIsBetter,
            Scope,
            $"{statistic.ToName()} of the {Description}"
        );

    /// <summary>
    /// The highest latency whose share of samples above it, at the verdict's confidence, cannot be below the
    /// percentile's tail: <c>&lt;metric&gt;_&lt;stat&gt;_ms_early_stopping</c>.
    /// </summary>
    public MetricDefinition EarlyStoppingOf(Statistic statistic) =>
        new(
            MetricNames.Latency(Metric, statistic) + EarlyStoppingSuffix,
            "ms",
            MetricDirection.LowerIsBetter,
            Scope,
            $"early-stopping estimate of the {statistic.ToName()} of the {Description} (MLPerf LoadGen)"
        );
}
