namespace MLEnergy.Profiler.Statistics;

/// <summary>Percentiles of a sample by linear interpolation between closest ranks (numpy's default).</summary>
public static class Percentile
{
    /// <summary>The <paramref name="quantile"/> (0..1) of values already sorted ascending; NaN for an empty sample.</summary>
    public static double OfSorted(IReadOnlyList<double> sorted, double quantile)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(quantile, 0);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(quantile, 1);
        if (sorted.Count == 0)
        {
            return double.NaN;
        }

        var rank = quantile * (sorted.Count - 1);
        var below = (int)Math.Floor(rank);
        var above = Math.Min(below + 1, sorted.Count - 1);
        return sorted[below] + ((rank - below) * (sorted[above] - sorted[below]));
    }

    public static double Of(IEnumerable<double> values, double quantile) =>
        OfSorted([.. values.Order()], quantile);
}
