using System.Globalization;
using MLEnergy.Recommender.Metrics;

namespace MLEnergy.Recommender.Slo;

/// <summary>One bound of a service-level objective: <c>p99 tpot &lt;= 200 ms</c>.</summary>
public sealed record SloConstraint(LatencyMetric Metric, Statistic Statistic, double ThresholdMs)
{
    /// <summary>The observed metric this constraint reads, e.g. <c>tpot_p99_ms</c>.</summary>
    public string MetricName => MetricNames.Latency(Metric, Statistic);

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"{Statistic.ToName()} {Metric.ToName()}<={ThresholdMs:0.###}ms");
}
