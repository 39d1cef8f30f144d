using System.Collections.Immutable;
using System.Globalization;
using MLEnergy.Recommender.Plans;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Load;

/// <summary>
/// Reads <c>--load-levels</c>: <c>poisson:R1,R2,...</c> (requests/s, any order, each once) or
/// <c>trace:FILE.jsonl</c> (the quartiles of the trace's per-minute rates, see <see cref="LoadLevelQuantiles"/>). Each
/// level is tuned under Poisson arrivals at its rate.
/// </summary>
public static class LoadLevelsParser
{
    public const int MaxLevels = 16;

    private const string Grammar = "expected poisson:RATE,RATE,... (requests/s, e.g. poisson:1,2,4,8) or trace:FILE";

    /// <exception cref="LoadSpecException">Not one of the forms, a rate out of range, or a trace without requests.
    /// </exception>
    public static ImmutableArray<double> Parse(string text)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (trimmed.StartsWith("trace:", StringComparison.OrdinalIgnoreCase))
        {
            var path = Options(trimmed["trace:".Length..], "trace:FILE", trimmed);
            var arrivals = TraceFileReader.ReadLines(path).Select(l => l.Arrival);
            var levels = LoadLevelQuantiles.Of(LoadLevelQuantiles.PerMinuteRates(arrivals));
            return levels.Count > 0
                ? [.. levels]
                : throw new LoadSpecException($"--load-levels {text}: the trace has no requests");
        }

        if (!trimmed.StartsWith("poisson:", StringComparison.OrdinalIgnoreCase))
        {
            throw new LoadSpecException($"cannot read --load-levels '{text}': {Grammar}");
        }

        var rates = new List<double>();
        foreach (var part in Options(trimmed["poisson:".Length..], "poisson:RATE,RATE,...", trimmed).Split(','))
        {
            if (
                !double.TryParse(part.Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out var rate)
                || !(rate is > 0 and <= LoadPlanParser.MaxRate)
            )
            {
                throw new LoadSpecException(
                    $"cannot read --load-levels '{text}': '{part.Trim()}' is not a rate above 0 and at most "
                        + $"{LoadPlanParser.MaxRate} requests/s"
                );
            }

            if (rates.Contains(rate))
            {
                throw new LoadSpecException(
                    $"cannot read --load-levels '{text}': the level {part.Trim()} requests/s is given twice "
                        + "(each level is tuned once)"
                );
            }

            rates.Add(rate);
        }

        return rates.Count > MaxLevels
            ? throw new LoadSpecException($"--load-levels '{text}': at most {MaxLevels} levels, not {rates.Count}")
            : [.. rates.Order()];
    }

    /// <summary>The argument of a level form, which takes no options: one written after it is refused by name.
    /// </summary>
    private static string Options(string argument, string form, string text)
    {
        try
        {
            return SpecOptions.Split(argument, form).Value;
        }
        catch (FormatException e)
        {
            throw new LoadSpecException($"cannot read --load-levels '{text}': {e.Message}");
        }
    }
}
