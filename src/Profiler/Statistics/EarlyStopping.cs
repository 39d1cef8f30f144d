using MathNet.Numerics;

namespace MLEnergy.Profiler.Statistics;

/// <summary>
/// MLPerf LoadGen's early-stopping rule for a latency percentile bound. With <c>n</c> samples of which <c>h</c> were
/// over the bound, the bound holds at <see cref="Confidence"/> when a true tail rate of exactly <c>1 - p</c> would
/// rarely produce as few as <c>h</c> overlong samples:
/// <c>P(X ≤ h | n, 1 - p) = I_p(n - h, h + 1) ≤ 1 - confidence</c>
/// (the binomial tail as a regularized incomplete beta). It fails when, symmetrically, <c>h</c> is too many for the
/// bound to hold; otherwise it is undecided and more samples are needed.
/// </summary>
public sealed record EarlyStopping(double Percentile, double Confidence = 0.99)
{
    public PercentileVerdict Judge(long samples, long overBound)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(samples);
        ArgumentOutOfRangeException.ThrowIfNegative(overBound);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(overBound, samples);
        if (samples == 0)
        {
            return PercentileVerdict.Undecided;
        }

        if (ProbabilityOfAtMost(samples, overBound) <= 1 - Confidence)
        {
            return PercentileVerdict.Met;
        }

        return overBound > 0 && 1 - ProbabilityOfAtMost(samples, overBound - 1) <= 1 - Confidence
            ? PercentileVerdict.Missed
            : PercentileVerdict.Undecided;
    }

    /// <summary>
    /// The fewest samples with which <paramref name="overBound"/> overlong ones still pass (459 for p99 and none over).
    /// </summary>
    public long MinimumSamples(long overBound)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(overBound);
        long low = overBound + 1,
            high = low;
        while (ProbabilityOfAtMost(high, overBound) > 1 - Confidence)
        {
            low = high;
            high *= 2;
        }

        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (ProbabilityOfAtMost(middle, overBound) <= 1 - Confidence)
            {
                high = middle;
            }
            else
            {
                low = middle + 1;
            }
        }

        return high;
    }

    /// <summary>
    /// LoadGen's early-stopping percentile estimate: with <c>t</c> the most samples that may lie over a bound while
    /// the bound still passes at <see cref="Confidence"/>, the (<c>t</c> + 1)-th largest value, the lowest bound this
    /// sample shows to hold. NaN when the sample is too small for any bound to pass.
    /// </summary>
    public double PercentileEstimate(IReadOnlyList<double> sorted)
    {
        var n = sorted.Count;
        if (n == 0 || ProbabilityOfAtMost(n, 0) > 1 - Confidence)
        {
            return double.NaN;
        }

        long low = 0,
            high = n - 1;
        while (low < high)
        {
            var middle = low + ((high - low + 1) / 2);
            if (ProbabilityOfAtMost(n, middle) <= 1 - Confidence)
            {
                low = middle;
            }
            else
            {
                high = middle - 1;
            }
        }

        return sorted[(int)(n - low - 1)];
    }

    /// <summary>
    /// Binomial <c>P(X ≤ k)</c> for <c>n</c> trials whose success chance is the tail rate <c>1 - p</c>.
    /// </summary>
    private double ProbabilityOfAtMost(long n, long k) =>
        k >= n ? 1 : SpecialFunctions.BetaRegularized(n - k, k + 1, Percentile);
}
