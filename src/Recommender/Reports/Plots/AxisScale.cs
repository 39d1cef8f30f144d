using System.Collections.Immutable;

namespace MLEnergy.Recommender.Reports.Plots;

/// <summary>
/// A linear axis over a range widened to round numbers, with its ticks (1, 2 or 5 times a power of ten apart).
/// </summary>
public sealed record AxisScale(double Min, double Max, ImmutableArray<double> Ticks)
{
    public static AxisScale Nice(double min, double max, int targetTicks = 5)
    {
        if (!double.IsFinite(min) || !double.IsFinite(max))
        {
            (min, max) = (0, 1);
        }

        if (max - min < 1e-12)
        {
            var pad = Math.Abs(min) > 0 ? Math.Abs(min) * 0.1 : 1;
            (min, max) = (min - pad, max + pad);
        }

        var step = NiceStep((max - min) / Math.Max(1, targetTicks));
        var low = Math.Floor(min / step) * step;
        var high = Math.Ceiling(max / step) * step;
        var ticks = ImmutableArray.CreateBuilder<double>();
        for (var t = low; t <= high + (step / 2); t += step)
        {
            ticks.Add(Math.Round(t, 12));
        }

        return new AxisScale(low, high, ticks.ToImmutable());
    }

    /// <summary>
    /// Where a value falls between two pixel positions (from at <see cref="Min"/>, to at <see cref="Max"/>).
    /// </summary>
    public double Map(double value, double from, double to) => from + ((value - Min) / (Max - Min) * (to - from));

    private static double NiceStep(double raw)
    {
        var magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
        var fraction = raw / magnitude;
        return (
                fraction <= 1 ? 1
                : fraction <= 2 ? 2
                : fraction <= 5 ? 5
                : 10
            ) * magnitude;
    }
}
