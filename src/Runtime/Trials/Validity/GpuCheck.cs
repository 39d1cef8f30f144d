using MLEnergy.Profiler.Nvml;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Trials.Validity;

/// <summary>
/// One GPU's settings and readings over a trial: what was requested, what NVML enforced and reported at the end of
/// the window, its temperature at the start and end, and its average power over the window where known.
/// </summary>
public sealed record GpuCheck(int Gpu, string Kind)
{
    public Power? RequestedPowerLimit { get; init; }

    public Power? EnforcedPowerLimit { get; init; }

    public Frequency? RequestedClockCap { get; init; }

    public Frequency? SmClock { get; init; }

    public ClockThrottleReasons Throttle { get; init; }

    public Temperature? TemperatureStart { get; init; }

    public Temperature? TemperatureEnd { get; init; }

    public Power? AveragePower { get; init; }
}
