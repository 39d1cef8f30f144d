using System.Globalization;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Plans;

namespace MLEnergy.Runtime.Governor;

/// <summary>How a band reads in the governor's log: its rates up to the level it was tuned at, never beyond.</summary>
public static class BandText
{
    public static string Describe(LoadPlan plan, int band)
    {
        var b = plan.Bands[band];
        var cap = b.SmClockCapMhz is { } mhz ? Invariant($"SM clock cap {mhz:0} MHz") : "no clock cap";
        var limit = b.PowerLimitWatts is { } watts ? Invariant($"power limit {watts:0.###} W") : "default power limit";
        return Invariant($"band {band} ({b.FromRequestsPerSecond:0.##}-{b.UpTo:0.##} ")
            + Invariant($"{MetricCatalogue.OfferedRate.Unit}: {cap}, {limit})");
    }

    /// <summary>
    /// A rate above the plan's top level, said as what it is: not measured, the top band kept as the most the plan has.
    /// </summary>
    public static string AboveTopLevel(LoadPlan plan, double rate) =>
        Invariant($"rate {rate:0.##} {MetricCatalogue.OfferedRate.Unit} is above the plan's top level, ")
        + Invariant($"{plan.TopLevelRequestsPerSecond:0.##}: not measured there, band {plan.Bands.Count - 1} is the ")
        + "most the plan has";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
