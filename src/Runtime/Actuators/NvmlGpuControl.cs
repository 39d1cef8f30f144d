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
    private readonly NvmlDeviceHandles _devices;

    private NvmlGpuControl(NvmlLibrary library)
    {
        _library = library;
        _devices = new NvmlDeviceHandles(library);
    }

    public int DeviceCount => _devices.Count;

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

    public string Uuid(int gpu) => _devices[gpu].GetUuid();

    public Power GetPowerLimit(int gpu) => _devices[gpu].GetPowerLimit();

    public PowerLimitRange GetPowerLimitRange(int gpu) => _devices[gpu].GetPowerLimitConstraints();

    public Power GetDefaultPowerLimit(int gpu) => _devices[gpu].GetDefaultPowerLimit();

    public Frequency GetMinimumSmClock(int gpu)
    {
        var device = _devices[gpu];
        var memory = device.GetSupportedMemoryClocks().Max();
        return device.GetSupportedGraphicsClocks(memory).Min();
    }

    public void LockSmClocks(int gpu, Frequency minimum, Frequency maximum) =>
        _devices[gpu].SetLockedClocks(minimum, maximum);

    public void ResetSmClocks(int gpu) => _devices[gpu].ResetLockedClocks();

    public void SetPowerLimit(int gpu, Power limit) => _devices[gpu].SetPowerLimit(limit);

    public string Name(int gpu) => _devices[gpu].GetName();

    public Power GetEnforcedPowerLimit(int gpu) => _devices[gpu].GetEnforcedPowerLimit();

    public Frequency GetSmClock(int gpu) => _devices[gpu].GetClock(NvmlClockType.StreamingMultiprocessor);

    public ClockThrottleReasons GetThrottleReasons(int gpu) => _devices[gpu].GetThrottleReasons();

    public Temperature GetTemperature(int gpu) => _devices[gpu].GetTemperature();

    public void Dispose() => _library.Dispose();
}
