namespace MLEnergy.Profiler.Statistics;

/// <summary>
/// The one percentile definition of every reported latency: nearest rank, as MLPerf LoadGen reports latency
/// percentiles. The q-quantile of n recorded values is the smallest recorded value such that at least q·n of
/// the values are at or under it: the value of rank ⌈q·n⌉ (1-based) in ascending order, the smallest for q = 0.
/// It is always a latency that was actually seen, and "p99 ≤ bound" holds exactly when no more than
/// n − ⌈0.99·n⌉ values exceed the bound, which is what the early-stopping verdict counts.
/// </summary>
public static class Percentile
{
    /// <summary>
    /// The <paramref name="quantile"/> (0..1) of values already sorted ascending; NaN for an empty sample.
    /// </summary>
    public static double OfSorted(IReadOnlyList<double> sorted, double quantile)
    {
        Check(quantile);
        return sorted.Count == 0 ? double.NaN : sorted[RankIndex(sorted.Count, quantile)];
    }

    public static double Of(IEnumerable<double> values, double quantile) => OfSorted([.. values.Order()], quantile);

    /// <summary>
    /// The same nearest-rank percentile of values recorded with a count each (a value seen <c>Count</c> times),
    /// as a simulator records one inter-token time for every sequence of a batch step.
    /// </summary>
    public static double OfWeighted(IEnumerable<(double Value, long Count)> values, double quantile) =>
        OfSortedWeighted([.. values.Where(v => v.Count > 0).OrderBy(v => v.Value)], quantile);

    /// <summary>The same, of weighted values already sorted ascending by value.</summary>
    public static double OfSortedWeighted(IReadOnlyList<(double Value, long Count)> sorted, double quantile)
    {
        Check(quantile);
        var total = sorted.Sum(v => v.Count);
        if (total == 0)
        {
            return double.NaN;
        }

        var rank = RankIndex(total, quantile) + 1;
        long seen = 0;
        foreach (var (value, count) in sorted)
        {
            seen += count;
            if (seen >= rank)
            {
                return value;
            }
        }

        return sorted[^1].Value;
    }

    private static int RankIndex(int count, double quantile) => (int)RankIndex((long)count, quantile);

    private static long RankIndex(long count, double quantile) =>
        Math.Clamp((long)Math.Ceiling((quantile * count) - 1e-9) - 1, 0, count - 1);

    private static void Check(double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
    }
}
