using MathNet.Numerics.Distributions;
using MathNet.Numerics.Statistics;

namespace MLEnergy.Runtime.Nightly;

/// <summary>
/// Decides whether a metric moved: the difference of the means of history and re-measurement against the
/// 95 % Welch confidence interval of that difference, and never less than a relative noise floor (which
/// alone decides when either side has a single sample).
/// </summary>
public static class DriftDetector
{
    public const double DefaultNoiseFloor = 0.05;

    public static DriftFinding Compare(
        string role,
        string configuration,
        string metric,
        IReadOnlyList<double> before,
        IReadOnlyList<double> after,
        double noiseFloor = DefaultNoiseFloor
    )
    {
        ArgumentOutOfRangeException.ThrowIfZero(before.Count);
        ArgumentOutOfRangeException.ThrowIfZero(after.Count);
        var meanBefore = before.Mean();
        var meanAfter = after.Mean();
        var halfWidth = HalfWidth(before, after);
        var floor = Math.Abs(meanBefore) * noiseFloor;
        var drifted = Math.Abs(meanAfter - meanBefore) > Math.Max(halfWidth, floor);
        return new DriftFinding(role, configuration, metric, meanBefore, meanAfter, halfWidth, floor, drifted);
    }

    /// <summary>
    /// Half the width of the 95 % Welch interval of the difference of means; 0 when a side has one sample.
    /// </summary>
    public static double HalfWidth(IReadOnlyList<double> before, IReadOnlyList<double> after)
    {
        if (before.Count < 2 || after.Count < 2)
        {
            return 0;
        }

        var a = before.Variance() / before.Count;
        var b = after.Variance() / after.Count;
        if (a + b <= 0)
        {
            return 0;
        }

        var degrees = ((a + b) * (a + b)) / ((a * a / (before.Count - 1)) + (b * b / (after.Count - 1)));
        return StudentT.InvCDF(0, 1, degrees, 0.975) * Math.Sqrt(a + b);
    }
}
