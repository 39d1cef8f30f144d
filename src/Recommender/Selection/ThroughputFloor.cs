using System.Globalization;

namespace MLEnergy.Recommender.Selection;

/// <summary>
/// <c>--min-throughput</c>: the least throughput a recommendation must keep under a closed-loop load (saturate,
/// concurrency), in the objective's unit of work per second (tokens/s for LLMs). Either a number (<c>1200</c>,
/// <c>1200tok/s</c>), a share of the baseline's measured throughput (<c>90%</c>; the default is <c>100%</c>:
/// capacity-neutral), or <c>0</c> for any. Under a rate-driven load (Poisson, trace) no floor applies: a
/// configuration that cannot keep up with the offered rate is infeasible instead.
/// </summary>
public sealed record ThroughputFloor
{
    private ThroughputFloor(double? unitsPerSecond, double? percentOfBaseline)
    {
        UnitsPerSecond = unitsPerSecond;
        PercentOfBaseline = percentOfBaseline;
    }

    /// <summary>The default: at least the baseline's measured throughput.</summary>
    public static ThroughputFloor Baseline { get; } = new(null, 100);

    /// <summary><c>0</c>: any throughput.</summary>
    public static ThroughputFloor Any { get; } = new(0, null);

    /// <summary>A fixed floor in units of work per second; null when the floor is a share of the baseline's.</summary>
    public double? UnitsPerSecond { get; }

    /// <summary>The floor as a percentage of the baseline's measured throughput; null for a fixed floor.</summary>
    public double? PercentOfBaseline { get; }

    /// <summary>Under a rate-driven load the floor is replaced by the keep-up rule.</summary>
    public bool RateDriven { get; init; }

    public bool IsAny => UnitsPerSecond is 0 || PercentOfBaseline is 0;

    public static ThroughputFloor OfUnits(double unitsPerSecond) => new(unitsPerSecond, null);

    public static ThroughputFloor OfPercent(double percent) => new(null, percent);

    /// <summary>Reads <c>1200</c>, <c>1200tok/s</c>, <c>1200 tokens/s</c>, <c>90%</c> or <c>0</c>.</summary>
    /// <exception cref="FormatException">Anything else; the message shows the forms.</exception>
    public static ThroughputFloor Parse(string text)
    {
        var trimmed = (text ?? string.Empty).Trim();
        var percent = trimmed.EndsWith('%');
        var number = percent ? trimmed[..^1] : StripUnit(trimmed);
        if (
            !double.TryParse(number.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var value)
            || !double.IsFinite(value)
            || value < 0
            || (percent && value > 1000)
        )
        {
            throw new FormatException(
                $"--min-throughput '{text}': expected output tokens/s (1200 or 1200tok/s), a percentage of the "
                    + "baseline's measured throughput (90%, at most 1000%), or 0 for any"
            );
        }

        return value == 0 ? Any
            : percent ? OfPercent(value)
            : OfUnits(value);
    }

    /// <summary>The floor in units of work per second, given the baseline's measured throughput; null when none
    /// applies or it cannot be known.</summary>
    public double? Resolve(double? baselineUnitsPerSecond) =>
        RateDriven || IsAny ? null
        : UnitsPerSecond is { } fixedFloor ? fixedFloor
        : baselineUnitsPerSecond * (PercentOfBaseline / 100);

    /// <summary>The command-line form: <c>100%</c>, <c>1200</c> or <c>0</c>.</summary>
    public override string ToString() =>
        PercentOfBaseline is { } p
            ? string.Create(CultureInfo.InvariantCulture, $"{p:0.###}%")
            : string.Create(CultureInfo.InvariantCulture, $"{UnitsPerSecond:0.###}");

    private static string StripUnit(string text)
    {
        foreach (var unit in new[] { "output tokens/s", "tokens/s", "token/s", "tok/s" })
        {
            if (text.EndsWith(unit, StringComparison.OrdinalIgnoreCase))
            {
                return text[..^unit.Length];
            }
        }

        return text;
    }
}
