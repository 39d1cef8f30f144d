using MLEnergy.Profiler.Telemetry;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Nvml;

/// <summary>
/// The host's NVIDIA GPUs as <see cref="IGpuTelemetry"/>. A reading a device refuses (NOT_SUPPORTED, NO_PERMISSION,
/// a function the driver lacks) is remembered and reported as absent from then on, without asking again. A GPU the
/// driver gives no handle for (fallen off the bus: GPU_IS_LOST; one this process may not reach: NO_PERMISSION) is not
/// among <see cref="Devices"/>, and a reading of it fails with that error: only what reads it fails.
/// </summary>
public sealed class NvmlGpuTelemetry : IGpuTelemetry, IDisposable
{
    private readonly NvmlLibrary _library;
    private readonly NvmlDeviceHandles _devices;
    private readonly Capabilities[] _capabilities;

    private NvmlGpuTelemetry(NvmlLibrary library)
    {
        _library = library;
        _devices = new NvmlDeviceHandles(library);
        NvmlDevices = [.. _devices.Reachable];
        Devices = _devices.Identities;
        _capabilities = [.. Enumerable.Range(0, _devices.Count).Select(_ => new Capabilities())];
    }

    /// <summary>The GPUs the driver gives a handle for, each with its index (one it cannot reach is a gap).</summary>
    public IReadOnlyList<GpuIdentity> Devices { get; }

    /// <summary>The NVML devices themselves, for the setters and for inventory.</summary>
    public IReadOnlyList<NvmlDevice> NvmlDevices { get; }

    /// <summary>How many GPUs NVML counts, those it cannot reach included.</summary>
    public int DeviceCount => _devices.Count;

    public IReadOnlyList<UnreachableGpu> Unreachable =>
        [
            .. Enumerable
                .Range(0, _devices.Count)
                .Where(i => _devices.Unreachable(i) is not null)
                .Select(i => new UnreachableGpu(i, _devices.Unreachable(i)!.Message)),
        ];

    /// <summary>Opens NVML and every device; throws <see cref="NvmlUnavailableException"/> without a driver.</summary>
    public static NvmlGpuTelemetry Open()
    {
        var library = NvmlLibrary.Open();
        try
        {
            return new NvmlGpuTelemetry(library);
        }
        catch
        {
            library.Dispose();
            throw;
        }
    }

    /// <summary>Opens NVML, or returns <c>null</c> and says plainly why there are no NVIDIA GPUs to read.</summary>
    public static NvmlGpuTelemetry? TryOpen(out string? unavailable)
    {
        try
        {
            unavailable = null;
            return Open();
        }
        catch (NvmlUnavailableException)
        {
            unavailable = "no NVIDIA driver found: libnvidia-ml.so.1 is not loadable";
        }
        catch (NvmlException e)
        {
            unavailable = $"NVML failed: {e.Message}";
        }

        return null;
    }

    public Energy? ReadTotalEnergy(int index)
    {
        var device = _devices[index];
        var capabilities = _capabilities[index];
        return capabilities.Energy ? Try(ref capabilities.Energy, device.GetTotalEnergy) : null;
    }

    public Power? ReadPower(int index)
    {
        var device = _devices[index];
        var capabilities = _capabilities[index];
        if (capabilities.InstantPower && Try(ref capabilities.InstantPower, device.GetInstantPower) is { } instant)
        {
            return instant;
        }

        return capabilities.PowerUsage ? Try(ref capabilities.PowerUsage, device.GetPowerUsage) : null;
    }

    public GpuReading Read(int index)
    {
        var device = _devices[index];
        var capabilities = _capabilities[index];
        var average = capabilities.AveragePower ? Try(ref capabilities.AveragePower, device.GetAveragePower) : null;
        var clock = capabilities.SmClock
            ? Try(ref capabilities.SmClock, () => device.GetClock(NvmlClockType.StreamingMultiprocessor))
            : null;
        var instant = capabilities.InstantPower ? Try(ref capabilities.InstantPower, device.GetInstantPower) : null;
        return new GpuReading(
            ReadTotalEnergy(index),
            instant ?? (average is null ? ReadPower(index) : null),
            average,
            clock
        );
    }

    public void Dispose() => _library.Dispose();

    private static T? Try<T>(ref bool supported, Func<T> read)
        where T : struct
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is NvmlNotSupportedException or NvmlNoPermissionException)
        {
            supported = false;
            return null;
        }
    }

    private sealed class Capabilities
    {
        public bool Energy = true;
        public bool InstantPower = true;
        public bool AveragePower = true;
        public bool PowerUsage = true;
        public bool SmClock = true;
    }
}
