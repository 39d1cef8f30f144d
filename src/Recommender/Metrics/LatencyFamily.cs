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

    /// <summary>
    /// The suffix of the share of a trial's samples above the SLO bound of a percentile constraint
    /// (<see cref="OverBoundOf"/>).
    /// </summary>
    public const string OverBoundSuffix = "_over_bound";

    /// <summary>The suffix of the number of samples that share was counted over (<see cref="SamplesOf"/>).</summary>
    public const string SamplesSuffix = "_samples";

    public string NamePattern => $"{Metric.ToName()}_<stat>_ms";

    public ImmutableArray<MetricDefinition> Members => [.. MetricCatalogue.Statistics.Select(Of)];

    /// <summary>
    /// LoadGen's early-stopping estimates of the percentiles, reported beside them for SLO constraints.
    /// </summary>
    public ImmutableArray<MetricDefinition> EarlyStoppingMembers =>
        [.. MetricCatalogue.Statistics.Where(s => s.Quantile() is not null).Select(EarlyStoppingOf)];

    /// <summary>The share of samples over the bound and their number, for SLO percentile constraints.</summary>
    public ImmutableArray<MetricDefinition> CountMembers =>
        [
            .. MetricCatalogue
                .Statistics.Where(s => s.Quantile() is not null)
                .SelectMany(s => new[] { OverBoundOf(s), SamplesOf(s) }),
        ];

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

    /// <summary>
    /// The share of the trial's samples above the SLO bound of a percentile constraint on this latency: an unbiased
    /// estimate of the tail share the constraint limits (1 % for p99), which repeats of a configuration average and
    /// judge (<c>ConfidentVerdicts</c>); the nearest-rank percentile of a trial is biased low by its rank (the 990th of
    /// 1,000 values estimates the 98.9th percentile), a bias that repeats do not average away.
    /// </summary>
    public MetricDefinition OverBoundOf(Statistic statistic) =>
        new(
            MetricNames.Latency(Metric, statistic) + OverBoundSuffix,
            "share",
            MetricDirection.LowerIsBetter,
            MetricScope.Trial,
            $"share of the trial's samples of the {Description} above the SLO bound on its {statistic.ToName()}"
        );

    /// <summary>The number of samples <see cref="OverBoundOf"/> was counted over.</summary>
    public MetricDefinition SamplesOf(Statistic statistic) =>
        new(
            MetricNames.Latency(Metric, statistic) + SamplesSuffix,
            "samples",
            MetricDirection.HigherIsBetter,
            MetricScope.Trial,
            $"samples of the {Description} that the share over the SLO bound on its {statistic.ToName()} counts"
        );
}
