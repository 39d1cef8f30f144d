using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Plans;

namespace MLEnergy.Runtime.Tests.Support;

/// <summary>Hand-made load plans: bands 0-2, 2-6 and 6+ requests/s under p99 TPOT ≤ 50 ms.</summary>
internal static class LoadPlans
{
    public static LoadPlan ThreeBands(double? topPowerLimitWatts = null) =>
        new(
            "p99 tpot<=50ms",
            "tpot_p99_ms",
            50,
            new Configuration([]),
            [Band(0, 2, 1, 900, 300), Band(2, 6, 4, 1400, 500), Band(6, null, 8, null, topPowerLimitWatts)]
        );

    public static LoadBand Band(double from, double? to, double level, double? capMhz, double? limitWatts) =>
        new(from, to, level, new Configuration([]), capMhz, limitWatts, 0.1, 30, 1000, 400, SloVerdict.Met);
}
