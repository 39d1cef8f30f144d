using System.Globalization;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Recommender.Plans;

/// <summary>
/// The values of a plan read from a file, checked before anything follows it: an SLO in the SLO language whose first
/// constraint is the plan's latency metric (the one govern's guard reads), an SLO bound above 0, bands in
/// increasing rate that do not overlap, and GPU settings that a GPU could take (a whole clock above 0, a power limit
/// above 0). A hand-edited plan that breaks one is refused by the band and field, never followed until the band
/// is reached.
/// </summary>
internal static class LoadPlanCheck
{
    /// <exception cref="FormatException">The first value that breaks a rule, named.</exception>
    public static LoadPlan Checked(LoadPlan plan)
    {
        CheckSlo(plan);
        Require(double.IsFinite(plan.SloBoundMs) && plan.SloBoundMs > 0, "sloBoundMs", plan.SloBoundMs, "above 0");
        for (var i = 0; i < plan.Bands.Count; i++)
        {
            var band = plan.Bands[i];
            var where = $"band {i + 1}'s ";
            Require(
                double.IsFinite(band.FromRequestsPerSecond) && band.FromRequestsPerSecond >= 0,
                where + "fromRequestsPerSecond",
                band.FromRequestsPerSecond,
                "a rate of at least 0"
            );
            Require(
                band.ToRequestsPerSecond is not { } to || (double.IsFinite(to) && to > band.FromRequestsPerSecond),
                where + "toRequestsPerSecond",
                band.ToRequestsPerSecond,
                "above its fromRequestsPerSecond"
            );
            Require(
                double.IsFinite(band.LevelRequestsPerSecond) && band.LevelRequestsPerSecond > 0,
                where + "levelRequestsPerSecond",
                band.LevelRequestsPerSecond,
                "a rate above 0"
            );
            if (i > 0)
            {
                var previousEnd = plan.Bands[i - 1].UpTo;
                Require(
                    band.FromRequestsPerSecond >= previousEnd,
                    where + "fromRequestsPerSecond",
                    band.FromRequestsPerSecond,
                    $"at least band {i}'s end, {Text(previousEnd)} (bands in increasing rate)"
                );
            }

            Require(
                band.SmClockCapMhz is not { } clock || (clock is >= 1 and <= 100_000 && Math.Floor(clock) == clock),
                where + "smClockCapMhz",
                band.SmClockCapMhz,
                "a whole number of MHz above 0, or null"
            );
            Require(
                band.PowerLimitWatts is not { } watts || (watts > 0 && watts <= 100_000),
                where + "powerLimitWatts",
                band.PowerLimitWatts,
                "watts above 0, or null"
            );
        }

        return plan;
    }

    /// <summary>
    /// The SLO text reads as written by optimize (constraints joined by <c>and</c>) and its first constraint names
    /// <c>sloMetric</c>, a latency metric of a statistic the SLO language has: a metric the guard did not know left
    /// the plan without a guard, and a statistic outside the language was read as a percentile nobody tuned for
    /// (<c>p98</c>) or as the median (<c>pmax</c>).
    /// </summary>
    private static void CheckSlo(LoadPlan plan)
    {
        var metrics = Enum.GetValues<LatencyMetric>()
            .SelectMany(m => Enum.GetValues<Statistic>().Select(s => MetricNames.Latency(m, s)));
        if (!metrics.Contains(plan.SloMetric, StringComparer.Ordinal))
        {
            throw new FormatException(
                $"sloMetric is '{plan.SloMetric}', expected a latency metric METRIC_STAT_ms (e.g. tpot_p99_ms) with "
                    + "METRIC ttft, tpot, itl, e2e or latency and STAT mean, p50, p90, p95, p99 or p999"
            );
        }

        ServiceLevelObjective slo;
        try
        {
            slo = SloParser.ParseAll(plan.Slo.Split(" and "));
        }
        catch (SloFormatException e)
        {
            throw new FormatException($"slo is '{plan.Slo}': {e.Message}", e);
        }

        if (slo.Primary.MetricName != plan.SloMetric)
        {
            throw new FormatException(
                $"slo '{plan.Slo}' bounds {slo.Primary.MetricName} first, but sloMetric is '{plan.SloMetric}'"
            );
        }
    }

    private static void Require(bool holds, string field, double? value, string expected)
    {
        if (!holds)
        {
            throw new FormatException($"{field} is {Text(value)}, expected {expected}");
        }
    }

    private static string Text(double? value) =>
        value is { } v ? v.ToString("R", CultureInfo.InvariantCulture) : "null";
}
