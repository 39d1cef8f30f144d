using System.Globalization;
using System.Text.RegularExpressions;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Search;

/// <summary>
/// How much a tuning run may spend: a number of trials (<c>40</c>) or host time (<c>90s</c>, <c>30m</c>,
/// <c>2h</c>, <c>1h30m</c>). <see cref="Unlimited"/> leaves the strategy to decide when to stop.
/// </summary>
public sealed partial record TuningBudget(int? MaxTrials, TimeSpan? MaxHostTime)
{
    public const string Grammar = "a positive number of trials (e.g. 40) or host time (e.g. 90s, 30m, 2h, 1h30m)";

    public static TuningBudget Unlimited { get; } = new(null, null);

    public static TuningBudget Trials(int count) =>
        count > 0
            ? new(count, null)
            : throw new SearchSettingsException($"the budget must be at least 1 trial, not {count}");

    public static TuningBudget HostTime(TimeSpan time) =>
        time > TimeSpan.Zero
            ? new(null, time)
            : throw new SearchSettingsException($"the budget's host time must be positive, not {time}");

    public static TuningBudget Parse(string text)
    {
        var trimmed = (text ?? string.Empty).Trim();
        if (long.TryParse(trimmed, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var trials))
        {
            return trials is > 0 and <= int.MaxValue
                ? new TuningBudget((int)trials, null)
                : throw new SearchSettingsException(
                    $"cannot use budget '{text}': the number of trials must be at least 1"
                );
        }

        var match = Duration().Match(trimmed);
        if (!match.Success || match.Length == 0)
        {
            throw new SearchSettingsException($"cannot read budget '{text}': expected {Grammar}");
        }

        var seconds = (Part(match, "h") * 3600) + (Part(match, "m") * 60) + Part(match, "s");
        if (!InputLimits.IsDuration(seconds))
        {
            throw new SearchSettingsException(
                $"cannot use budget '{text}': the host time must be at most {InputLimits.MaxSeconds / 86400:0} days"
            );
        }

        var time = TimeSpan.FromSeconds(seconds);
        return time > TimeSpan.Zero
            ? new TuningBudget(null, time)
            : throw new SearchSettingsException($"cannot use budget '{text}': the host time must be positive");
    }

    public override string ToString() =>
        (MaxTrials, MaxHostTime) switch
        {
            ({ } n, _) => CountText.Of(n, "trial"),
            (_, { } t) => string.Create(CultureInfo.InvariantCulture, $"{t.TotalMinutes:0.#} min of host time"),
            _ => "unlimited",
        };

    private static double Part(Match match, string group) =>
        match.Groups[group].Success ? double.Parse(match.Groups[group].Value, CultureInfo.InvariantCulture) : 0;

    [GeneratedRegex(
        @"^(?:(?<h>[0-9]+(?:\.[0-9]+)?)\s*h)?\s*"
            + @"(?:(?<m>[0-9]+(?:\.[0-9]+)?)\s*m(?:in)?)?\s*"
            + @"(?:(?<s>[0-9]+(?:\.[0-9]+)?)\s*s)?$",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex Duration();
}
