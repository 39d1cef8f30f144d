using System.Globalization;

namespace MLEnergy.Units;

/// <summary>
/// The one text of a number a person reads, whatever prints it (the reports, the terminal, <c>measure</c>): always the
/// invariant culture.
/// </summary>
public static class NumberText
{
    /// <summary>
    /// Thousands separators from 10,000, one decimal from 100, two from 1, up to four below 1, three significant digits
    /// below 0.01; <c>-</c> for no value.
    /// </summary>
    public static string Of(double? value) =>
        value switch
        {
            null => "-",
            { } v when !double.IsFinite(v) => "-",
            { } v when Math.Abs(v) >= 10_000 => v.ToString("#,0", CultureInfo.InvariantCulture),
            { } v when Math.Abs(v) >= 100 => v.ToString("0.0", CultureInfo.InvariantCulture),
            { } v when Math.Abs(v) >= 1 => v.ToString("0.00", CultureInfo.InvariantCulture),
            { } v when Math.Abs(v) >= 0.01 || v == 0 => v.ToString("0.####", CultureInfo.InvariantCulture),
            { } v => v.ToString("0." + new string('#', SmallDecimals(v)), CultureInfo.InvariantCulture),
        };

    /// <summary>A whole count, thousands separated from 10,000 as <see cref="Of"/> writes them: 9999, 12,000.</summary>
    public static string Count(long count) =>
        count.ToString(Math.Abs(count) >= 10_000 ? "#,0" : "0", CultureInfo.InvariantCulture);

    /// <summary>
    /// Decimals that keep three significant digits of a value under 0.01, so that 0.000126 and 0.000127
    /// images per joule do not both read "0.0001".
    /// </summary>
    private static int SmallDecimals(double v) => Math.Min(15, 2 - (int)Math.Floor(Math.Log10(Math.Abs(v))));
}
