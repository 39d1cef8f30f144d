using MLEnergy.Profiler.Telemetry;

namespace MLEnergy.Profiler.Nvml;

/// <summary>
/// A handle for each GPU NVML counts, opened once. A GPU the driver gives no handle for (fallen off the bus:
/// GPU_IS_LOST; one this process may not reach: NO_PERMISSION), or whose name or UUID it will not give, keeps that
/// error, and only what uses it fails with it.
/// </summary>
public sealed class NvmlDeviceHandles
{
    private readonly NvmlDevice?[] _devices;
    private readonly NvmlException?[] _unreachable;
    private readonly List<GpuIdentity> _identities = [];

    public NvmlDeviceHandles(NvmlLibrary library)
    {
        _devices = new NvmlDevice?[library.DeviceCount];
        _unreachable = new NvmlException?[_devices.Length];
        for (var gpu = 0; gpu < _devices.Length; gpu++)
        {
            try
            {
                var device = library.GetDevice(gpu);
                _identities.Add(new GpuIdentity(gpu, device.GetName(), device.GetUuid()));
                _devices[gpu] = device;
            }
            catch (NvmlException e)
            {
                _unreachable[gpu] = e;
            }
        }
    }

    /// <summary>How many GPUs NVML counts, those it cannot reach included.</summary>
    public int Count => _devices.Length;

    /// <summary>The GPUs the driver gives a handle for.</summary>
    public IEnumerable<NvmlDevice> Reachable => _devices.OfType<NvmlDevice>();

    /// <summary>Index, name and UUID of each GPU with a handle (one it cannot reach is a gap).</summary>
    public IReadOnlyList<GpuIdentity> Identities => _identities;

    /// <summary>Why the driver gives no handle for GPU <paramref name="index"/>; <c>null</c> when it does.</summary>
    public NvmlException? Unreachable(int index) => _unreachable[index];

    /// <summary>GPU <paramref name="index"/>'s handle; throws the driver's error for one it gave none for.</summary>
    public NvmlDevice this[int index] => _devices[index] ?? throw _unreachable[index]!;
}
