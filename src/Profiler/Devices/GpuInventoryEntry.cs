using MLEnergy.Profiler.Nvml;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Devices;

/// <summary>What <c>mlenergy devices</c> reports for one GPU; readings the device refuses are <c>null</c>.</summary>
public sealed record GpuInventoryEntry(
    int Index,
    string Name,
    string Uuid,
    string? PciBusId,
    GpuArchitecture? Architecture,
    bool HasEnergyCounter,
    Frequency? MinSmClock,
    Frequency? MaxSmClock,
    PowerLimitRange? PowerLimitRange,
    Power? PowerLimit,
    Power? DefaultPowerLimit,
    bool? PersistenceMode
);
