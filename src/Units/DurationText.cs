using System.Globalization;

namespace MLEnergy.Units;

/// <summary>
/// Reads and writes spans of time as people type them: <c>100ms</c>, <c>2s</c>, <c>1.5min</c>, <c>250us</c>.
/// </summary>
public static class DurationText
{
    private static readonly (string Suffix, double Seconds)[] Suffixes =
    [
        ("us", 1e-6),
        ("ms", 1e-3),
        ("min", 60),
        ("s", 1),
        ("m", 60),
        ("h", 3600),
    ];

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        if (string.IsNullOrWhiteSpace(text))
        {
            return false;
        }

        var trimmed = text.Trim();
        foreach (var (suffix, seconds) in Suffixes)
        {
            if (
                trimmed.EndsWith(suffix, StringComparison.OrdinalIgnoreCase)
                && double.TryParse(
                    trimmed[..^suffix.Length],
                    NumberStyles.Float,
                    CultureInfo.InvariantCulture,
                    out var value
                )
                && InputLimits.IsDuration(value * seconds)
            )
            {
                duration = TimeSpan.FromSeconds(value * seconds);
                return true;
            }
        }

        return false;
    }

    /// <summary>A short, readable form: <c>850 ms</c>, <c>12.31 s</c>.</summary>
    public static string Format(TimeSpan duration) =>
        duration < TimeSpan.FromSeconds(1)
            ? duration.TotalMilliseconds.ToString("0.#", CultureInfo.InvariantCulture) + " ms"
            : duration.TotalSeconds.ToString("0.###", CultureInfo.InvariantCulture) + " s";
}
