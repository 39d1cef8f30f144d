using MathNet.Numerics.Distributions;

namespace MLEnergy.Profiler.Statistics;

/// <summary>
/// A two-sided Student-t confidence interval of repeated measurements: of their mean, or of a ratio of their totals.
/// </summary>
public sealed record ConfidenceInterval(double Mean, double HalfWidth, double Confidence, int Count)
{
    public double Lower => Mean - HalfWidth;

    public double Upper => Mean + HalfWidth;

    /// <summary>
    /// The interval of <paramref name="values"/>; one value gives an infinite half-width (nothing is known yet).
    /// </summary>
    public static ConfidenceInterval OfMean(IReadOnlyList<double> values, double confidence = 0.95)
    {
        ArgumentOutOfRangeException.ThrowIfZero(values.Count);
        var mean = values.Average();
        if (values.Count == 1)
        {
            return new ConfidenceInterval(mean, double.PositiveInfinity, confidence, 1);
        }

        var variance = values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1);
        return new ConfidenceInterval(
            mean,
            StudentHalfWidth(variance, values.Count, confidence),
            confidence,
            values.Count
        );
    }

    /// <summary>
    /// The interval of the ratio of totals R = Σy / Σx over repeated measurements (y_i, x_i), e.g. energy and tokens
    /// of each window: centred on R itself, not on the mean of the per-measurement ratios, which weighs a short
    /// window as much as a long one. The classical ratio estimator's variance (Cochran, Sampling Techniques, 3rd ed.,
    /// 1977, ch. 6; no finite-population correction): s² = Σ(y_i − R·x_i)² / (n − 1), standard error
    /// √(s² / n) / x̄. With every x_i equal it is the interval of the mean of y_i / x_i. One measurement gives an
    /// infinite half-width.
    /// </summary>
    public static ConfidenceInterval OfRatio(
        IReadOnlyList<double> numerators,
        IReadOnlyList<double> denominators,
        double confidence = 0.95
    )
    {
        ArgumentOutOfRangeException.ThrowIfZero(numerators.Count);
        ArgumentOutOfRangeException.ThrowIfNotEqual(denominators.Count, numerators.Count);
        var total = denominators.Sum();
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(total, 0);
        var ratio = numerators.Sum() / total;
        var n = numerators.Count;
        if (n == 1)
        {
            return new ConfidenceInterval(ratio, double.PositiveInfinity, confidence, 1);
        }

        var residuals = numerators.Zip(denominators, (y, x) => (y - (ratio * x)) * (y - (ratio * x))).Sum() / (n - 1);
        var meanDenominator = total / n;
        var variance = residuals / (meanDenominator * meanDenominator);
        return new ConfidenceInterval(ratio, StudentHalfWidth(variance, n, confidence), confidence, n);
    }

    /// <summary>Student-t half-width of the mean of <paramref name="count"/> values of this variance.</summary>
    private static double StudentHalfWidth(double variance, int count, double confidence) =>
        StudentT.InvCDF(0, 1, count - 1, 1 - ((1 - confidence) / 2)) * Math.Sqrt(variance / count);
}
