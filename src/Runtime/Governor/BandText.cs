using System.Globalization;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Plans;

namespace MLEnergy.Runtime.Governor;

/// <summary>How a band reads in the governor's log.</summary>
public static class BandText
{
    public static string Describe(LoadPlan plan, int band)
    {
        var b = plan.Bands[band];
        var cap = b.SmClockCapMhz is { } mhz ? Invariant($"SM clock cap {mhz:0} MHz") : "no clock cap";
        var limit = b.PowerLimitWatts is { } watts ? Invariant($"power limit {watts:0.###} W") : "default power limit";
        var to = b.ToRequestsPerSecond is { } end ? Invariant($"{end:0.##}") : "∞";
        return Invariant(
            $"band {band} ({b.FromRequestsPerSecond:0.##}-{to} {MetricCatalogue.OfferedRate.Unit}: {cap}, {limit})"
        );
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
