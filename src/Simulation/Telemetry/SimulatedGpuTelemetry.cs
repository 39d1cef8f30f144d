namespace MLEnergy.Simulation.Telemetry;

/// <summary>
/// One simulated GPU read the way NVML reads a real one, at a moment of virtual time: the total-energy
/// counter in millijoules (updated every ~100 ms), the instant power, and the 1 s averaged power
/// that <c>nvmlDeviceGetPowerUsage</c> returns on Ampere and newer.
/// </summary>
public sealed class SimulatedGpuTelemetry
{
    private readonly PowerTimeline? timeline;
    private readonly double idleWatts;
    private readonly TelemetryOptions options;
    private readonly double gain;
    private readonly ulong noiseSeed;

    public SimulatedGpuTelemetry(PowerTimeline? timeline, double idleWatts, TelemetryOptions options, int gpuIndex)
    {
        this.timeline = timeline;
        this.idleWatts = idleWatts;
        this.options = options;
        noiseSeed = Mix((ulong)(uint)options.Seed ^ ((ulong)(uint)gpuIndex << 32));
        gain = 1.0 + (options.GainError * Uniform(noiseSeed, 0));
    }

    /// <summary>
    /// The total-energy counter (mJ since the simulation began) as of the last update at or before
    /// <paramref name="at"/>.
    /// </summary>
    public ulong TotalEnergyMillijoules(TimeSpan at)
    {
        var updated = LastUpdate(at);
        return (ulong)Math.Max(0, Math.Round(TrueEnergy(updated) * Drift(updated, integrated: true) * gain * 1000.0));
    }

    /// <summary>Power at <paramref name="at"/> over the simulator's 10 ms resolution, with noise.</summary>
    public double InstantPowerWatts(TimeSpan at)
    {
        var seconds = at.TotalSeconds;
        var watts = timeline is null || seconds >= timeline.EndSeconds ? idleWatts : timeline.PowerAt(seconds);
        var tick = (ulong)Math.Max(0, seconds / PowerTimeline.TickSeconds);
        var noise = 1.0 + (options.NoiseFraction * Uniform(noiseSeed, tick + 1));
        return watts * gain * Drift(seconds, integrated: false) * noise;
    }

    /// <summary>Power averaged over the last second (the averaging window), as of the last update.</summary>
    public double AveragePowerWatts(TimeSpan at)
    {
        var end = LastUpdate(at);
        var start = Math.Max(0, end - options.AveragingWindow.TotalSeconds);
        if (end <= start)
        {
            return InstantPowerWatts(at);
        }

        return (TrueEnergy(end) - TrueEnergy(start)) / (end - start) * gain * Drift(end, integrated: false);
    }

    private double LastUpdate(TimeSpan at)
    {
        var period = options.CounterUpdatePeriod.TotalSeconds;
        return Math.Floor(Math.Max(0, at.TotalSeconds) / period) * period;
    }

    private double TrueEnergy(double seconds)
    {
        if (timeline is null)
        {
            return idleWatts * seconds;
        }

        var recorded = Math.Min(seconds, timeline.EndSeconds);
        return timeline.EnergyUntil(recorded) + (idleWatts * Math.Max(0, seconds - recorded));
    }

    /// <summary>
    /// The thermal drift multiplier at a moment, or averaged from zero to it (exact for constant power).
    /// </summary>
    private double Drift(double seconds, bool integrated)
    {
        var tau = options.ThermalTimeConstant.TotalSeconds;
        if (options.ThermalDriftFraction == 0 || seconds <= 0)
        {
            return 1.0;
        }

        var warmed = integrated
            ? 1.0 - (tau / seconds * (1.0 - Math.Exp(-seconds / tau)))
            : 1.0 - Math.Exp(-seconds / tau);
        return 1.0 + (options.ThermalDriftFraction * warmed);
    }

    /// <summary>A reproducible value in [-1, 1] for (seed, index).</summary>
    private static double Uniform(ulong seed, ulong index) =>
        ((Mix(seed + (index * 0x9E3779B97F4A7C15UL)) >> 11) * (2.0 / (1UL << 53))) - 1.0;

    private static ulong Mix(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
