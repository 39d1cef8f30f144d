using MathNet.Numerics.Distributions;

namespace MLEnergy.Profiler.Statistics;

/// <summary>A two-sided Student-t confidence interval for a mean of repeated measurements.</summary>
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
        var t = StudentT.InvCDF(0, 1, values.Count - 1, 1 - ((1 - confidence) / 2));
        return new ConfidenceInterval(mean, t * Math.Sqrt(variance / values.Count), confidence, values.Count);
    }
}
