using MLEnergy.Profiler.Nvml;
using MLEnergy.Profiler.Rapl;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Devices;

/// <summary>Takes stock of GPUs (through NVML, reads only), RAPL domains and this process's privileges.</summary>
public sealed class DeviceInventory
{
    private readonly RaplReader _rapl;
    private readonly PrivilegeReader _privileges;

    public DeviceInventory(RaplReader rapl, PrivilegeReader privileges)
    {
        _rapl = rapl;
        _privileges = privileges;
    }

    /// <summary>
    /// Opens NVML for the duration of the call; a host without a driver yields no GPUs and the reason.
    /// </summary>
    public DeviceReport Take()
    {
        using var nvml = NvmlGpuTelemetry.TryOpen(out var unavailable);
        return Take(nvml, unavailable);
    }

    public DeviceReport Take(NvmlGpuTelemetry? nvml, string? unavailable)
    {
        var gpus = nvml?.NvmlDevices.Select(d => Describe(nvml, d)).ToArray() ?? [];
        return new DeviceReport(gpus, unavailable, nvml?.Unreachable ?? [], _rapl.FindDomains(), _privileges.Read());
    }

    private static GpuInventoryEntry Describe(NvmlGpuTelemetry nvml, NvmlDevice device)
    {
        var identity = nvml.Devices.Single(d => d.Index == device.Index);
        var smClocks = Optional(() => SupportedSmClocks(device));
        return new GpuInventoryEntry(
            device.Index,
            identity.Name,
            identity.Uuid,
            Optional(device.GetPciBusId),
            Optional(() => (GpuArchitecture?)device.GetArchitecture()),
            nvml.ReadTotalEnergy(device.Index) is not null,
            smClocks is { Count: > 0 } ? smClocks.Min() : null,
            smClocks is { Count: > 0 } ? smClocks.Max() : null,
            Optional(device.GetPowerLimitConstraints),
            Optional(() => (Power?)device.GetPowerLimit()),
            Optional(() => (Power?)device.GetDefaultPowerLimit()),
            Optional(() => (bool?)device.GetPersistenceMode())
        );
    }

    /// <summary>Graphics clocks supported at the highest memory clock: the range an SM clock cap can take.</summary>
    private static IReadOnlyList<Frequency> SupportedSmClocks(NvmlDevice device)
    {
        var memory = device.GetSupportedMemoryClocks();
        return memory.Count == 0 ? [] : device.GetSupportedGraphicsClocks(memory.Max());
    }

    private static T? Optional<T>(Func<T?> read)
    {
        try
        {
            return read();
        }
        catch (Exception e) when (e is NvmlNotSupportedException or NvmlNoPermissionException)
        {
            return default;
        }
    }
}
