using MLEnergy.Profiler.Rapl;
using MLEnergy.Profiler.Telemetry;

namespace MLEnergy.Profiler.Devices;

/// <summary>
/// The host's measuring and tuning equipment. <see cref="GpuUnavailable"/> says why there are no GPUs;
/// <see cref="UnreachableGpus"/> are those the driver counts but gives no handle for, each with why.
/// </summary>
public sealed record DeviceReport(
    IReadOnlyList<GpuInventoryEntry> Gpus,
    string? GpuUnavailable,
    IReadOnlyList<UnreachableGpu> UnreachableGpus,
    IReadOnlyList<RaplDomain> RaplDomains,
    ProcessPrivileges Privileges
)
{
    /// <summary>Whether every GPU the driver counts can be used (none lost, none beyond this process).</summary>
    public bool EveryGpuReachable => UnreachableGpus.Count == 0;
}
