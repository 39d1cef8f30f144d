using MLEnergy.Units;

namespace MLEnergy.Profiler.Telemetry;

/// <summary>
/// Where GPU readings come from: NVML on a real host, a simulated host elsewhere. Meters, windows and the
/// sampler read only this. A reading a device cannot give is <c>null</c> (absent), never zero.
/// </summary>
public interface IGpuTelemetry
{
    /// <summary>
    /// The devices this source can read, each with its index from zero (a GPU the driver cannot reach leaves a gap).
    /// </summary>
    IReadOnlyList<GpuIdentity> Devices { get; }

    /// <summary>The GPUs the driver counts but cannot reach, with why: the gaps in <see cref="Devices"/>.</summary>
    IReadOnlyList<UnreachableGpu> Unreachable { get; }

    /// <summary>The device's monotonic energy counter; <c>null</c> when it has none.</summary>
    Energy? ReadTotalEnergy(int index);

    /// <summary>The present power draw (instant, else the driver's 1 s average); <c>null</c> when unknown.</summary>
    Power? ReadPower(int index);

    /// <summary>Everything at once, for the sampler and for reports.</summary>
    GpuReading Read(int index);
}
