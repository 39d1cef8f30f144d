namespace MLEnergy.Units;

/// <summary>
/// The one rule for numbers a person or a file gives (command line, YAML, traces, result files): finite, and within
/// a range the tool can represent and act on. Parsers turn a false answer into their own one-line input error.
/// </summary>
public static class InputLimits
{
    /// <summary>The longest span of time accepted anywhere (budget, SLO, window, interval): 366 days.</summary>
    public const double MaxSeconds = 366 * 24 * 3600;

    /// <summary>
    /// Whether <paramref name="value"/> is a finite number from <paramref name="min"/> to <paramref name="max"/>.
    /// </summary>
    public static bool Within(double value, double min, double max) =>
        double.IsFinite(value) && value >= min && value <= max;

    /// <summary>Whether <paramref name="seconds"/> is a span of time the tool accepts (0 to 366 days).</summary>
    public static bool IsDuration(double seconds) => Within(seconds, 0, MaxSeconds);
}
