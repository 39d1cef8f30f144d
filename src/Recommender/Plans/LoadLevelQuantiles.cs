namespace MLEnergy.Recommender.Plans;

/// <summary>
/// Load levels cut from a trace's per-minute request rates: the quartiles of the minutes' rates, the last being the
/// busiest minute, so that every minute of the trace falls in a band tuned at or above its rate.
/// </summary>
public static class LoadLevelQuantiles
{
    public static readonly double[] Quantiles = [0.25, 0.5, 0.75, 1.0];

    /// <summary>Distinct positive levels (requests/s), increasing; empty when no minute had a request.</summary>
    public static IReadOnlyList<double> Of(IReadOnlyList<double> perMinuteRates)
    {
        var sorted = perMinuteRates.Where(r => r > 0 && double.IsFinite(r)).Order().ToList();
        if (sorted.Count == 0)
        {
            return [];
        }

        return Quantiles
            .Select(q => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Count) - 1, 0, sorted.Count - 1)])
            .Select(r => Math.Round(r, 3))
            .Where(r => r > 0)
            .Distinct()
            .ToList();
    }

    /// <summary>Requests per second in each whole or partial minute, from arrival offsets.</summary>
    public static IReadOnlyList<double> PerMinuteRates(IEnumerable<TimeSpan> arrivals)
    {
        var counts = arrivals.GroupBy(a => (long)Math.Floor(a.TotalMinutes)).ToDictionary(g => g.Key, g => g.Count());
        if (counts.Count == 0)
        {
            return [];
        }

        var last = counts.Keys.Max();
        return [.. Enumerable.Range(0, (int)last + 1).Select(m => counts.GetValueOrDefault(m) / 60.0)];
    }
}
