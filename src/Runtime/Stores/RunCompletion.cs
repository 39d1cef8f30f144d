using MLEnergy.Recommender.Metrics;

namespace MLEnergy.Runtime.Stores;

/// <summary>
/// How a run ended: its recommendation (null when nothing met the SLO) with energy, latency and savings.
/// </summary>
public sealed record RunCompletion(
    DateTimeOffset FinishedAt,
    string EnergyMetric,
    string LatencyMetric,
    string? Recommended,
    double? Energy,
    double? Latency,
    double? SavingsPercent
);
