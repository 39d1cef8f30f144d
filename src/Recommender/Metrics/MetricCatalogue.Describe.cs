namespace MLEnergy.Recommender.Metrics;

/// <summary>The catalogue's names in the words of an SLO.</summary>
public static partial class MetricCatalogue
{
    /// <summary>
    /// The latencies among <paramref name="names"/>, as an SLO would name them, in one line:
    /// <c>ttft, tpot, itl, e2e (mean, p50, p90, p95, p99, p99.9)</c>; "none" when there is none.
    /// </summary>
    public static string DescribeLatencies(IReadOnlyCollection<string> names)
    {
        var measured = Latencies
            .Select(f =>
                (
                    Name: f.Metric.ToName(),
                    Stats: string.Join(
                        ", ",
                        Statistics.Where(s => names.Contains(f.Of(s).Name)).Select(s => s.ToName())
                    )
                )
            )
            .Where(f => f.Stats.Length > 0)
            .ToList();
        if (measured.Count == 0)
        {
            return "none";
        }

        var groups = measured
            .GroupBy(f => f.Stats)
            .Select(g => $"{string.Join(", ", g.Select(f => f.Name))} ({g.Key})");
        return string.Join("; ", groups);
    }
}
