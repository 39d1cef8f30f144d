using MLEnergy.Profiler.Nvml;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Actuators;

/// <summary>
/// The host's NVIDIA GPUs through the NVML binding's setters. A GPU the driver gives no handle for (fallen off the bus:
/// GPU_IS_LOST; one this process may not reach: NO_PERMISSION) fails each call on it with that error, and only those:
/// the others are still set and put back.
/// </summary>
public sealed class NvmlGpuControl : IGpuControl
{
    private readonly NvmlLibrary _library;
    private readonly NvmlDevice?[] _devices;
    private readonly NvmlException?[] _unreachable;

    private NvmlGpuControl(NvmlLibrary library)
    {
        _library = library;
        _devices = new NvmlDevice?[library.DeviceCount];
        _unreachable = new NvmlException?[_devices.Length];
        for (var gpu = 0; gpu < _devices.Length; gpu++)
        {
            try
            {
                _devices[gpu] = library.GetDevice(gpu);
            }
            catch (NvmlException e)
            {
                _unreachable[gpu] = e;
            }
        }
    }

    public int DeviceCount => _devices.Length;

    /// <summary>Opens NVML; throws <see cref="NvmlUnavailableException"/> where there is no driver.</summary>
    public static NvmlGpuControl Open()
    {
        var library = NvmlLibrary.Open();
        try
        {
            return new NvmlGpuControl(library);
        }
        catch
        {
            library.Dispose();
            throw;
        }
    }

    public string Uuid(int gpu) => Device(gpu).GetUuid();

    public Power GetPowerLimit(int gpu) => Device(gpu).GetPowerLimit();

    public PowerLimitRange GetPowerLimitRange(int gpu) => Device(gpu).GetPowerLimitConstraints();

    public Power GetDefaultPowerLimit(int gpu) => Device(gpu).GetDefaultPowerLimit();

    public Frequency GetMinimumSmClock(int gpu)
    {
        var device = Device(gpu);
        var memory = device.GetSupportedMemoryClocks().Max();
        return device.GetSupportedGraphicsClocks(memory).Min();
    }

    public void LockSmClocks(int gpu, Frequency minimum, Frequency maximum) =>
        Device(gpu).SetLockedClocks(minimum, maximum);

    public void ResetSmClocks(int gpu) => Device(gpu).ResetLockedClocks();

    public void SetPowerLimit(int gpu, Power limit) => Device(gpu).SetPowerLimit(limit);

    public string Name(int gpu) => Device(gpu).GetName();

    public Power GetEnforcedPowerLimit(int gpu) => Device(gpu).GetEnforcedPowerLimit();

    public Frequency GetSmClock(int gpu) => Device(gpu).GetClock(NvmlClockType.StreamingMultiprocessor);

    public ClockThrottleReasons GetThrottleReasons(int gpu) => Device(gpu).GetThrottleReasons();

    public Temperature GetTemperature(int gpu) => Device(gpu).GetTemperature();

    public void Dispose() => _library.Dispose();

    private NvmlDevice Device(int gpu) => _devices[gpu] ?? throw _unreachable[gpu]!;
}
