using MLEnergy.Units;

namespace MLEnergy.Profiler.Telemetry;

/// <summary>
/// One reading of a GPU. <see cref="TotalEnergy"/> is the device's monotonic energy counter (since driver load);
/// <see cref="InstantPower"/> the present draw; <see cref="AveragePower"/> the driver's 1 s average. Each is
/// <c>null</c> when the device does not offer it.
/// </summary>
public sealed record GpuReading(Energy? TotalEnergy, Power? InstantPower, Power? AveragePower, Frequency? SmClock)
{
    /// <summary>The best single power figure: instant power, else the 1 s average.</summary>
    public Power? Power => InstantPower ?? AveragePower;
}
