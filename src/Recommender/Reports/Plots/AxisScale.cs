using System.Collections.Immutable;

namespace MLEnergy.Recommender.Reports.Plots;

/// <summary>
/// An axis over a range widened to round numbers, with its ticks: linear (1, 2 or 5 times a power of ten apart),
/// or logarithmic (1, 2 and 5 times each power of ten) where the values span a factor of ten or more.
/// </summary>
public sealed record AxisScale(double Min, double Max, ImmutableArray<double> Ticks)
{
    /// <summary>The ratio of largest to smallest value from which <see cref="For"/> draws a log axis.</summary>
    public const double LogRatio = 10;

    public bool Logarithmic { get; init; }

    /// <summary>
    /// A log axis when every value is positive and they span <see cref="LogRatio"/> or more, else linear.
    /// </summary>
    public static AxisScale For(IReadOnlyCollection<double> values, double linearFloor = 0)
    {
        var finite = values.Where(double.IsFinite).ToList();
        var min = finite.Count == 0 ? 0 : finite.Min();
        var max = finite.Count == 0 ? 1 : finite.Max();
        return min > 0 && max / min >= LogRatio ? Log(min, max) : Nice(Math.Min(linearFloor, min), max * 1.05);
    }

    /// <summary>The most ticks an axis draws; a range that would need more is drawn with fewer, wider steps.</summary>
    public const int MaxTicks = 64;

    public static AxisScale Log(double min, double max)
    {
        if (!(min > 0) || !double.IsFinite(max) || max < min || max / min > 1e30)
        {
            return Nice(Math.Min(0, min), max);
        }

        var low = Math.Pow(10, Math.Floor(Math.Log10(min)));
        var high = Math.Pow(10, Math.Ceiling(Math.Log10(max)));
        var ticks = ImmutableArray.CreateBuilder<double>();
        for (var decade = low; decade < high * 1.0001; decade *= 10)
        {
            foreach (var factor in new[] { 1.0, 2.0, 5.0 })
            {
                var tick = decade * factor;
                if (tick <= high * 1.0001 && (factor == 1 || (tick >= min * 0.999 && tick <= max * 1.001)))
                {
                    ticks.Add(
                        double.Parse(
                            tick.ToString("G6", System.Globalization.CultureInfo.InvariantCulture),
                            System.Globalization.CultureInfo.InvariantCulture
                        )
                    );
                }
            }
        }

        return new AxisScale(low, high, ticks.ToImmutable()) { Logarithmic = true };
    }

    public static AxisScale Nice(double min, double max, int targetTicks = 5)
    {
        // Beyond a quarter of double's range, spans and steps overflow: such values are drawn on 0..1.
        const double Largest = double.MaxValue / 4;
        if (!double.IsFinite(min) || !double.IsFinite(max) || Math.Abs(min) > Largest || Math.Abs(max) > Largest)
        {
            (min, max) = (0, 1);
        }

        // A span below what the numbers can resolve (relative 1e-9) is widened, so that steps move the tick.
        var resolution = Math.Max(1e-12, Math.Max(Math.Abs(min), Math.Abs(max)) * 1e-9);
        if (max - min < resolution)
        {
            var pad = Math.Abs(min) > 0 ? Math.Abs(min) * 0.1 : 1;
            (min, max) = (min - pad, max + pad);
        }

        var step = NiceStep((max - min) / Math.Clamp(targetTicks, 1, MaxTicks));
        var low = Math.Floor(min / step) * step;
        var high = Math.Ceiling(max / step) * step;
        var count = (int)Math.Min(MaxTicks, Math.Round((high - low) / step));
        var ticks = ImmutableArray.CreateBuilder<double>(count + 1);
        for (var i = 0; i <= count; i++)
        {
            ticks.Add(Math.Round(low + (i * step), 12));
        }

        return new AxisScale(low, high, ticks.ToImmutable());
    }

    /// <summary>
    /// Where a value falls between two pixel positions (from at <see cref="Min"/>, to at <see cref="Max"/>).
    /// </summary>
    public double Map(double value, double from, double to) =>
        Logarithmic
            ? from + (Math.Log(Math.Max(value, Min) / Min) / Math.Log(Max / Min) * (to - from))
            : from + ((value - Min) / (Max - Min) * (to - from));

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
