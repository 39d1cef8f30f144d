using MLEnergy.Profiler.Meters;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Measure;

/// <summary>One source over a measured command: energy, average power, and peak power where it was sampled.</summary>
public sealed record SourceSummary(
    string Name,
    EnergySourceKind Kind,
    EnergyMethod Method,
    Energy Energy,
    Power AveragePower,
    Power? PeakPower,
    bool Estimated
);
