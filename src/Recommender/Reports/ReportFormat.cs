using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Reports;

/// <summary>Number and configuration formatting shared by the report writers; always the invariant culture.</summary>
public static class ReportFormat
{
    /// <summary>
    /// The one text of a number a person reads, on the terminal and in the reports: <see cref="NumberText.Of"/>, named
    /// here for the report writers.
    /// </summary>
    public static string Number(double? value) => NumberText.Of(value);

    /// <summary>
    /// The text of a value read against its bound (a latency beside its SLO bound and verdict): <see cref="Number"/>'s,
    /// with as many more decimals as it takes not to read as the bound when it is not the bound, so that a rounding
    /// never flips the comparison a verdict made (200.04 ms against a 200 ms bound reads 200.04, not 200.0, beside
    /// "missed"; 199.996 reads 199.996, not 200.0, beside "met").
    /// </summary>
    public static string Against(double? value, double bound) => Against(value, bound, Number);

    /// <summary>
    /// The same rule over another base format: a saving read to one decimal against the --min-saving threshold
    /// (1.96 % against 2 % reads 1.96, not 2.0, beside "does not clear the 2 % threshold").
    /// </summary>
    public static string Against(double? value, double bound, Func<double?, string> format)
    {
        var text = format(value);
        if (value is not { } v || !double.IsFinite(v) || v == bound || Read(text) != Read(format(bound)))
        {
            return text;
        }

        var thousands = Math.Abs(v) >= 10_000 ? "#,0." : "0.";
        for (var decimals = 1; decimals <= 15; decimals++)
        {
            var pattern = thousands + new string('0', decimals);
            var precise = v.ToString(pattern, CultureInfo.InvariantCulture);
            if (Read(precise) != Read(bound.ToString(pattern, CultureInfo.InvariantCulture)))
            {
                return precise;
            }
        }

        return text;
    }

    private static double Read(string text) => double.Parse(text.Replace(",", ""), CultureInfo.InvariantCulture);

    public static string Percent(double? value) =>
        value is { } v && double.IsFinite(v) ? v.ToString("+0.0;-0.0;0.0", CultureInfo.InvariantCulture) + " %" : "-";

    public static string Change(double? before, double? after) =>
        before is { } b && after is { } a && b != 0 ? Percent(100 * (a - b) / b) : "-";

    public static string Duration(TimeSpan duration) =>
        duration.TotalSeconds switch
        {
            < 60 => duration.TotalSeconds.ToString("0.0", CultureInfo.InvariantCulture) + " s",
            < 3600 => duration.TotalMinutes.ToString("0.0", CultureInfo.InvariantCulture) + " min",
            _ => duration.TotalHours.ToString("0.00", CultureInfo.InvariantCulture) + " h",
        };

    /// <summary>The configuration by the knobs that vary in the space (all of them when none varies).</summary>
    public static string Describe(Configuration configuration, IReadOnlyCollection<string> knobs) =>
        knobs.Count == 0
            ? string.Join(" ", configuration.Values.Select(kv => $"{kv.Key}={kv.Value}"))
            : string.Join(" ", knobs.Where(configuration.Values.ContainsKey).Select(k => $"{k}={configuration[k]}"));

    public static string Verdict(SloCheck check) =>
        check.Verdict switch
        {
            SloVerdict.Met => check.FromConfidence ? $"met ({check.Confidence} confidence)" : "met",
            SloVerdict.Missed => check.FromConfidence ? "missed (with confidence)" : "missed",
            _ => "undecided (too few requests)",
        };

    /// <summary>
    /// The one word for where a configuration stands against the whole SLO, in every table that lists
    /// configurations: <c>met</c>, <c>missed</c>, <c>undecided</c> (a verdict still short of samples: neither a pass
    /// nor a miss), or <c>infeasible</c> (it could not run or carry the load).
    /// </summary>
    public static string SloWord(Observation observation, ServiceLevelObjective slo) =>
        SloJudge.Overall(observation, slo) switch
        {
            SloVerdict.Met => SloJudge.Word(SloVerdict.Met),
            _ when !observation.Feasible && !observation.Invalid => "infeasible",
            var verdict => SloJudge.Word(verdict),
        };

    public static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
