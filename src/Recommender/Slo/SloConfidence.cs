using System.Globalization;

namespace MLEnergy.Recommender.Slo;

/// <summary>
/// The confidence with which a configuration is said to meet the SLO: one minus the chance that one truly on a bound
/// passes it over all the looks of the sequential test (<see cref="SequentialBoundary"/>), however many trials it gets.
/// A looser level certifies near the bound with fewer trials and lets more picks that truly miss through; the
/// operator chooses (<c>optimize --confidence</c>), 95 % by default. Levels from 50 % to 99 %: a trial's own
/// early-stopping verdict, which stands for the run, holds at 99 %, so a stricter level could not be kept.
/// </summary>
public sealed record SloConfidence
{
    private readonly Lazy<SequentialBoundary> _boundary;

    public SloConfidence(double level)
    {
        if (!(level >= Lowest && level <= Highest))
        {
            throw new SloFormatException(
                $"--confidence must be from 50 % to 99 %, e.g. 95% or 0.95, not {Text(level)}"
            );
        }

        Level = level;
        _boundary = new Lazy<SequentialBoundary>(() => SequentialBoundary.ForRisk(1 - level));
    }

    /// <summary>The lowest level accepted: below it a pass would be likelier wrong than right on the bound.</summary>
    public const double Lowest = 0.5;

    /// <summary>The highest level accepted: that of a trial's own early-stopping verdict.</summary>
    public const double Highest = 0.99;

    /// <summary>95 %: the level of a run that names none, and of a stored run written before it was recorded.</summary>
    public static SloConfidence Default { get; } = new(0.95);

    /// <summary>The level as a share, 0.95 for 95 %.</summary>
    public double Level { get; }

    /// <summary>The false-pass risk over all looks, one minus the level.</summary>
    public double Risk => 1 - Level;

    /// <summary>The sequential boundary that spends <see cref="Risk"/> (built once per level, on first use).</summary>
    public SequentialBoundary Boundary => _boundary.Value;

    /// <summary>
    /// Reads <c>95%</c>, <c>95 %</c> or <c>0.95</c>; a number over 1 without a percent sign is read as a percentage.
    /// </summary>
    public static SloConfidence Parse(string text)
    {
        var trimmed = text.Trim();
        var percent = trimmed.EndsWith('%');
        return
            double.TryParse(
                trimmed.TrimEnd('%').Trim(),
                NumberStyles.Float,
                CultureInfo.InvariantCulture,
                out var value
            ) && double.IsFinite(value)
            ? new SloConfidence(percent || value > 1 ? value / 100 : value)
            : throw new SloFormatException(
                $"cannot read --confidence '{text}': expected a level from 50 % to 99 %, e.g. 95% or 0.95"
            );
    }

    /// <summary>A level read back from a file's <paramref name="field"/>: one out of range names the field.</summary>
    public static SloConfidence Stored(double level, string field) =>
        level is >= Lowest and <= Highest
            ? new SloConfidence(level)
            : throw new SloFormatException(
                $"{field} is {level.ToString(CultureInfo.InvariantCulture)}, expected 0.5 to 0.99"
            );

    /// <summary>The level as people write it: <c>95 %</c>, <c>97.5 %</c>.</summary>
    public override string ToString() => Text(Level);

    public bool Equals(SloConfidence? other) => other is not null && other.Level.Equals(Level);

    public override int GetHashCode() => Level.GetHashCode();

    private static string Text(double level) => (100 * level).ToString("0.###", CultureInfo.InvariantCulture) + " %";
}
