using System.Collections.Immutable;
using System.Globalization;
using System.Text.RegularExpressions;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Slo;

/// <summary>
/// Reads the SLO language: <c>200ms</c> alone means <c>p99 tpot&lt;=200ms</c> (MLPerf's convention for LLM
/// servers); otherwise <c>STAT METRIC&lt;=DURATION</c> with STAT in mean, p50, p90, p95, p99, p99.9, METRIC in
/// ttft, tpot, itl, e2e, latency, and DURATION a positive number with us, ms or s.
/// </summary>
public static partial class SloParser
{
    public const string Grammar =
        "'200ms' (= p99 tpot<=200ms) or 'STAT METRIC<=DURATION', STAT: mean|p50|p90|p95|p99|p99.9, "
        + "METRIC: ttft|tpot|itl|e2e|latency, DURATION: a positive number with us, ms or s";

    public static ServiceLevelObjective ParseAll(IEnumerable<string> texts)
    {
        var constraints = texts.Select(Parse).ToImmutableArray();
        if (constraints.IsEmpty)
        {
            throw new SloFormatException($"no SLO given; use --slo with {Grammar}");
        }

        return new ServiceLevelObjective(constraints);
    }

    public static SloConstraint Parse(string text)
    {
        var trimmed = text.Trim();
        if (DurationOnly().IsMatch(trimmed))
        {
            return new SloConstraint(LatencyMetric.Tpot, Statistic.P99, ParseDuration(trimmed, text));
        }

        var match = Full().Match(trimmed);
        if (!match.Success)
        {
            throw new SloFormatException($"cannot read SLO '{text}': expected {Grammar}");
        }

        if (!LatencyNames.TryParseStatistic(match.Groups["stat"].Value, out var statistic))
        {
            throw new SloFormatException(
                $"unknown statistic '{match.Groups["stat"].Value}' in SLO '{text}': use mean, p50, p90, p95, p99 or "
                    + $"p99.9"
            );
        }

        if (!LatencyNames.TryParseMetric(match.Groups["metric"].Value, out var metric))
        {
            throw new SloFormatException(
                $"unknown metric '{match.Groups["metric"].Value}' in SLO '{text}': use ttft, tpot, itl, e2e or latency"
            );
        }

        return new SloConstraint(metric, statistic, ParseDuration(match.Groups["duration"].Value, text));
    }

    private static double ParseDuration(string duration, string original)
    {
        var match = Duration().Match(duration.Trim());
        if (!match.Success)
        {
            throw new SloFormatException(
                $"cannot read the duration in SLO '{original}': expected e.g. 200ms, 2s or 500us"
            );
        }

        var number = double.Parse(match.Groups["number"].Value, NumberStyles.Float, CultureInfo.InvariantCulture);
        if (number <= 0 || double.IsNaN(number) || double.IsInfinity(number))
        {
            throw new SloFormatException($"the duration in SLO '{original}' must be positive");
        }

        var milliseconds = match.Groups["unit"].Value.ToLowerInvariant() switch
        {
            "s" => number * 1000,
            "us" or "µs" => number / 1000,
            _ => number,
        };
        return InputLimits.IsDuration(milliseconds / 1000)
            ? milliseconds
            : throw new SloFormatException(
                $"the duration in SLO '{original}' is longer than {InputLimits.MaxSeconds / 86400:0} days"
            );
    }

    [GeneratedRegex(@"^-?[0-9.]+\s*(ms|s|us|µs)$", RegexOptions.IgnoreCase)]
    private static partial Regex DurationOnly();

    [GeneratedRegex(@"^(?<stat>[A-Za-z][A-Za-z0-9.]*)\s+(?<metric>[A-Za-z0-9]+)\s*<=?\s*(?<duration>.+)$")]
    private static partial Regex Full();

    [GeneratedRegex(
        @"^(?<number>-?[0-9]*\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\s*(?<unit>ms|s|us|µs)$",
        RegexOptions.IgnoreCase
    )]
    private static partial Regex Duration();
}
