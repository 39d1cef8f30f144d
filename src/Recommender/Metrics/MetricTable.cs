using System.Text;

namespace MLEnergy.Recommender.Metrics;

/// <summary>The catalogue as the Markdown table README shows (a test keeps README's copy equal to it).</summary>
public static class MetricTable
{
    public static string Markdown()
    {
        var stats = string.Join(", ", MetricCatalogue.Statistics.Select(MetricNames.StatisticPart));
        var text = new StringBuilder();
        text.Append("| name | unit | direction | scope | description |\n");
        text.Append("| --- | --- | --- | --- | --- |\n");
        foreach (var family in MetricCatalogue.Latencies)
        {
            var sample = family.Of(MetricCatalogue.Statistics[0]);
            var description = $"{family.Description}; stat: {stats} (p999 = p99.9)";
            Row(text, family.NamePattern, sample.Unit, sample.Direction, family.Scope, description);
        }

        var percentiles = string.Join(
            ", ",
            MetricCatalogue.Statistics.Where(s => s.Quantile() is not null).Select(MetricNames.StatisticPart)
        );
        Row(
            text,
            "<latency>_<stat>_ms" + LatencyFamily.EarlyStoppingSuffix,
            "ms",
            MetricDirection.LowerIsBetter,
            MetricScope.PerRequest,
            "MLPerf LoadGen's early-stopping estimate of a percentile an SLO constrains, "
                + $"at one look's confidence (scope as its latency); stat: {percentiles}"
        );
        Row(
            text,
            "<latency>_<stat>_ms" + LatencyFamily.OverBoundSuffix,
            "share",
            MetricDirection.LowerIsBetter,
            MetricScope.Trial,
            "share of the trial's samples above the SLO bound of a percentile constraint (p99: at most 1 % meets "
                + $"it); repeats of a configuration are judged on its mean; stat: {percentiles}"
        );
        Row(
            text,
            "<latency>_<stat>_ms" + LatencyFamily.SamplesSuffix,
            "samples",
            MetricDirection.HigherIsBetter,
            MetricScope.Trial,
            $"samples that share was counted over; stat: {percentiles}"
        );
        foreach (var metric in MetricCatalogue.Others.Concat(MetricCatalogue.Validity))
        {
            Row(text, metric.Name, metric.Unit, metric.Direction, metric.Scope, metric.Description);
        }

        return text.ToString();
    }

    private static void Row(
        StringBuilder text,
        string name,
        string unit,
        MetricDirection direction,
        MetricScope scope,
        string description
    ) => text.Append($"| `{name}` | {unit} | {direction.ToText()} | {scope.ToText()} | {description} |\n");
}
