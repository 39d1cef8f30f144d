using MLEnergy.Recommender.Metrics;

namespace MLEnergy.Recommender.Metrics;

/// <summary>Text forms of metrics and statistics, as typed in <c>--slo</c> and written in metric names.</summary>
public static class LatencyNames
{
    public static string ToName(this LatencyMetric metric) => metric.ToString().ToLowerInvariant();

    public static string ToName(this Statistic statistic) =>
        statistic switch
        {
            Statistic.P999 => "p99.9",
            _ => statistic.ToString().ToLowerInvariant(),
        };

    /// <summary>The quantile a percentile statistic stands for (0.99 for p99); null for the mean.</summary>
    public static double? Quantile(this Statistic statistic) =>
        statistic switch
        {
            Statistic.P50 => 0.50,
            Statistic.P90 => 0.90,
            Statistic.P95 => 0.95,
            Statistic.P99 => 0.99,
            Statistic.P999 => 0.999,
            _ => null,
        };

    public static bool TryParseMetric(string text, out LatencyMetric metric) =>
        Enum.TryParse(text, ignoreCase: true, out metric) && Enum.IsDefined(metric) && !int.TryParse(text, out _);

    public static bool TryParseStatistic(string text, out Statistic statistic)
    {
        var lower = text.ToLowerInvariant();
        var found = lower switch
        {
            "mean" or "avg" => Statistic.Mean,
            "p50" or "median" => Statistic.P50,
            "p90" => Statistic.P90,
            "p95" => Statistic.P95,
            "p99" => Statistic.P99,
            "p99.9" or "p999" => Statistic.P999,
            _ => (Statistic?)null,
        };
        statistic = found ?? default;
        return found.HasValue;
    }
}
