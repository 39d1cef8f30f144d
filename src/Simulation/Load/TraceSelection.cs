using System.Globalization;
using MLEnergy.Units;

namespace MLEnergy.Simulation.Load;

/// <summary>
/// Which part of a trace is replayed and how fast, the same for every target: the requests arriving in
/// [<see cref="From"/>, <see cref="To"/>) from the trace's first request, their arrivals moved to start at zero and
/// divided by <see cref="Scale"/> (2 = twice the rate). Written after the trace's path in <c>--load</c>:
/// <c>trace:azure-conv,slice=10m..20m,scale=2</c>.
/// </summary>
public sealed record TraceSelection(double Scale = 1, TimeSpan From = default, TimeSpan? To = null)
{
    public const double MaxScale = 1000;

    public static TraceSelection All { get; } = new();

    /// <summary>
    /// The selected requests: for each, its index in <paramref name="arrivalSeconds"/> (seconds from the trace's
    /// start, not decreasing) and its new arrival in seconds.
    /// </summary>
    public IEnumerable<(int Index, double Seconds)> Select(IReadOnlyList<double> arrivalSeconds)
    {
        var from = From.TotalSeconds;
        var to = To?.TotalSeconds ?? double.PositiveInfinity;
        for (var i = 0; i < arrivalSeconds.Count; i++)
        {
            if (arrivalSeconds[i] >= from && arrivalSeconds[i] < to)
            {
                yield return (i, (arrivalSeconds[i] - from) / Scale);
            }
        }
    }

    /// <summary>Applies one <c>scale=X</c> or <c>slice=FROM..TO</c> option; false when the text is neither.</summary>
    /// <exception cref="FormatException">A known option with a bad value.</exception>
    public static bool TryApply(string option, TraceSelection selection, out TraceSelection applied)
    {
        applied = selection;
        var equals = option.IndexOf('=', StringComparison.Ordinal);
        var key = equals < 0 ? option.Trim() : option[..equals].Trim();
        var value = equals < 0 ? string.Empty : option[(equals + 1)..].Trim();
        if (key.Equals("scale", StringComparison.OrdinalIgnoreCase))
        {
            applied =
                double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var scale)
                && scale is > 0 and <= MaxScale
                    ? selection with
                    {
                        Scale = scale,
                    }
                    : throw new FormatException(
                        $"trace option '{option}': scale must be a number above 0 and at most {MaxScale}, e.g. scale=2"
                    );
            return true;
        }

        if (!key.Equals("slice", StringComparison.OrdinalIgnoreCase))
        {
            return false;
        }

        var dots = value.IndexOf("..", StringComparison.Ordinal);
        TimeSpan to = default;
        if (
            dots < 0
            || !DurationText.TryParse(value[..dots], out var from)
            || !(dots + 2 == value.Length || DurationText.TryParse(value[(dots + 2)..], out to))
            || (dots + 2 < value.Length && to <= from)
        )
        {
            throw new FormatException(
                $"trace option '{option}': slice must be FROM..TO from the trace's start, e.g. slice=10m..20m "
                    + "(TO may be left out; TO after FROM)"
            );
        }

        applied = selection with { From = from, To = dots + 2 == value.Length ? null : to };
        return true;
    }

    /// <summary><c>,slice=600s..1200s,scale=2</c>: the options as <c>--load</c> reads them; empty for all.</summary>
    public override string ToString() =>
        (
            From > TimeSpan.Zero || To is not null
                ? string.Create(
                    CultureInfo.InvariantCulture,
                    $",slice={From.TotalSeconds:0.###}s..{(To is { } t ? $"{t.TotalSeconds:0.###}s" : string.Empty)}"
                )
                : string.Empty
        ) + (Scale != 1 ? string.Create(CultureInfo.InvariantCulture, $",scale={Scale:0.###}") : string.Empty);
}
