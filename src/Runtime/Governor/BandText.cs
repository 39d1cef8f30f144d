using System.Globalization;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Plans;

namespace MLEnergy.Runtime.Governor;

/// <summary>
/// How a band reads in the governor's log: its rates up to the level it was tuned at, never beyond, and its verdict on
/// the SLO there when it did not meet it.
/// </summary>
public static class BandText
{
    public static string Describe(LoadPlan plan, int band)
    {
        var b = plan.Bands[band];
        var cap = b.SmClockCapMhz is { } mhz ? Invariant($"SM clock cap {mhz:0} MHz") : "no clock cap";
        var limit = b.PowerLimitWatts is { } watts ? Invariant($"power limit {watts:0.###} W") : "default power limit";
        return Invariant($"band {band} ({b.FromRequestsPerSecond:0.##}-{b.UpTo:0.##} ")
            + Invariant($"{MetricCatalogue.OfferedRate.Unit}: {cap}, {limit}{Verdict(b)})");
    }

    /// <summary>
    /// Nothing for a band that met the SLO at its level; else the plan's word for its verdict there (missed,
    /// undecided), so that a band not known to meet the SLO never reads as one that does.
    /// </summary>
    private static string Verdict(LoadBand b) =>
        b.MeetsSlo ? string.Empty
        : !b.Measured ? $"; SLO {SloJudge.Word(b.Verdict)}: no valid trial at its level"
        : Invariant($"; SLO {SloJudge.Word(b.Verdict)} at {b.LevelRequestsPerSecond:0.##} ")
            + MetricCatalogue.OfferedRate.Unit;

    /// <summary>
    /// A rate above the plan's top level, said as what it is: not measured, the top band kept as the most the plan has.
    /// </summary>
    public static string AboveTopLevel(LoadPlan plan, double rate) =>
        Invariant($"rate {rate:0.##} {MetricCatalogue.OfferedRate.Unit} is above the plan's top level, ")
        + Invariant($"{plan.TopLevelRequestsPerSecond:0.##}: not measured there, band {plan.Bands.Count - 1} is the ")
        + "most the plan has";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
