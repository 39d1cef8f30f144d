using MLEnergy.Profiler.Rapl;

namespace MLEnergy.Profiler.Devices;

/// <summary>
/// The host's measuring and tuning equipment. <see cref="GpuUnavailable"/> says why there are no GPUs.
/// </summary>
public sealed record DeviceReport(
    IReadOnlyList<GpuInventoryEntry> Gpus,
    string? GpuUnavailable,
    IReadOnlyList<RaplDomain> RaplDomains,
    ProcessPrivileges Privileges
);
