namespace MLEnergy.Recommender.Tests.Support;

/// <summary>The noise-free outcome of one synthetic configuration.</summary>
public sealed record SyntheticPoint(
    double ItlMedianMs,
    double ItlP99Ms,
    double EnergyPerTokenJoules,
    double PowerWatts,
    double TokensPerSecond
);
