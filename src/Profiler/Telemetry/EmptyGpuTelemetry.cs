using MLEnergy.Units;

namespace MLEnergy.Profiler.Telemetry;

/// <summary>A host with no GPU (or no driver): no devices, so every meter built on it reports GPUs as absent.</summary>
public sealed class EmptyGpuTelemetry : IGpuTelemetry
{
    public static EmptyGpuTelemetry Instance { get; } = new();

    public IReadOnlyList<GpuIdentity> Devices => [];

    public IReadOnlyList<UnreachableGpu> Unreachable => [];

    public Energy? ReadTotalEnergy(int index) => throw NoSuchDevice(index);

    public Power? ReadPower(int index) => throw NoSuchDevice(index);

    public GpuReading Read(int index) => throw NoSuchDevice(index);

    private static ArgumentOutOfRangeException NoSuchDevice(int index) =>
        new(nameof(index), index, "There are no GPUs.");
}
