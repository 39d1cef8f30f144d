using MLEnergy.Profiler.Nvml;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Actuators;

/// <summary>
/// GPUs known only from the GPU data, for dry runs on a machine without NVML: reads answer what that GPU kind
/// offers out of the box (lowest clock, power range, default limit); nothing can be set.
/// </summary>
public sealed class DescribedGpuControl(GpuKind gpu, int deviceCount) : IGpuControl
{
    public GpuKind Gpu => gpu;

    public int DeviceCount => deviceCount;

    public string Uuid(int gpu) => $"described-{Gpu.Id}-{gpu}";

    public Power GetPowerLimit(int gpu) => Power.FromWatts(Gpu.PowerLimit.DefaultWatts);

    public Profiler.Nvml.PowerLimitRange GetPowerLimitRange(int gpu) =>
        new(Power.FromWatts(Gpu.PowerLimit.MinWatts), Power.FromWatts(Gpu.PowerLimit.MaxWatts));

    public Frequency GetMinimumSmClock(int gpu) => Frequency.FromMegahertz(Gpu.SmClock.MinMhz);

    public string Name(int gpu) => Gpu.Name;

    public Power GetEnforcedPowerLimit(int gpu) => GetPowerLimit(gpu);

    public Frequency GetSmClock(int gpu) => Frequency.FromMegahertz(Gpu.SmClock.MaxMhz);

    public ClockThrottleReasons GetThrottleReasons(int gpu) => ClockThrottleReasons.None;

    public Temperature GetTemperature(int gpu) => throw CannotSet();

    public void LockSmClocks(int gpu, Frequency minimum, Frequency maximum) => throw CannotSet();

    public void ResetSmClocks(int gpu) => throw CannotSet();

    public void SetPowerLimit(int gpu, Power limit) => throw CannotSet();

    public void Dispose() { }

    private InvalidOperationException CannotSet() =>
        new($"the {Gpu.Id} GPUs of a dry run are known from the GPU data only: they cannot be changed or read");
}
