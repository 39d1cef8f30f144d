namespace MLEnergy.Simulation.Hardware;

/// <summary>
/// One GPU under an SM clock cap and a power limit. Power = static + core dynamic power, which scales with
/// SM activity and with f·V(f)², + memory power, which scales with bandwidth used. When the work would draw
/// more than the power limit at the capped clock, the GPU runs it at the highest supported clock that keeps
/// within the limit (or at the lowest clock when none does), as the hardware's power capping does.
/// </summary>
public sealed class GpuPowerModel
{
    private readonly GpuPowerCoefficients power;
    private readonly double[] slowdown;
    private readonly double[] dynamicScale;
    private readonly int[] clockMhz;
    private readonly int capLevel;
    private readonly int floorLevel;
    private readonly double targetWatts;
    private readonly double overlap;

    /// <param name="rooflineExponent">How sharply matmul time turns from memory- to compute-bound: time =
    /// (compute^n + memory^n)^(1/n); infinity = the plain roofline's maximum.</param>
    public GpuPowerModel(
        GpuKind gpu,
        double? smClockCapMhz = null,
        double? powerLimitWatts = null,
        double rooflineExponent = double.PositiveInfinity
    )
    {
        overlap = rooflineExponent;
        Gpu = gpu;
        power = gpu.Power;
        var clocks = gpu.SmClock;
        var levels = clocks.LevelCount;
        slowdown = new double[levels];
        dynamicScale = new double[levels];
        clockMhz = new int[levels];
        for (var level = 0; level < levels; level++)
        {
            var mhz = clocks.LevelMhz(level);
            var volts = gpu.Voltage.RatioAt(mhz, clocks.MaxMhz);
            clockMhz[level] = mhz;
            slowdown[level] = (double)clocks.MaxMhz / mhz;
            dynamicScale[level] = (double)mhz / clocks.MaxMhz * volts * volts;
        }

        capLevel = clocks.LevelAtOrBelow(smClockCapMhz ?? clocks.MaxMhz);
        PowerLimitWatts = powerLimitWatts ?? gpu.PowerLimit.DefaultWatts;
        targetWatts = PowerLimitWatts * (1.0 - gpu.PowerLimit.CappingMargin);
        floorLevel = Math.Min(capLevel, gpu.PowerLimit.CappingFloorMhz is { } floor ? clocks.LevelAtOrBelow(floor) : 0);
    }

    public GpuKind Gpu { get; }

    public double PowerLimitWatts { get; }

    /// <summary>
    /// The locked maximum SM clock actually applied (the supported clock at or under the requested cap).
    /// </summary>
    public int ClockCapMhz => clockMhz[capLevel];

    /// <summary>Power of a GPU with nothing to do.</summary>
    public double IdleWatts => power.IdleWatts;

    /// <summary>Runs a piece of work: the clock the power limit allows, its duration and average power.</summary>
    public OperatingPoint Execute(in KernelMix work)
    {
        var level = capLevel;
        var (duration, watts) = Evaluate(work, level);
        if (watts > targetWatts)
        {
            // Power rises with the clock: find the highest level that keeps within the limit.
            int low = floorLevel,
                high = capLevel - 1;
            level = floorLevel;
            while (low <= high)
            {
                var mid = (low + high) >> 1;
                var (_, midWatts) = Evaluate(work, mid);
                if (midWatts <= targetWatts)
                {
                    level = mid;
                    low = mid + 1;
                }
                else
                {
                    high = mid - 1;
                }
            }

            (duration, watts) = Evaluate(work, level);
        }

        return new OperatingPoint(clockMhz[level], duration, watts);
    }

    private (double Duration, double Watts) Evaluate(in KernelMix work, int level)
    {
        var r = slowdown[level];
        var matmulCompute = work.MatmulComputeSeconds * r;
        var attentionCompute = work.AttentionComputeSeconds * r;
        var matmul = Roofline.Seconds(matmulCompute, work.MatmulMemorySeconds, overlap);
        var attention = Math.Max(attentionCompute, work.AttentionMemorySeconds);
        var serialCompute = work.SerialComputeSeconds * r;
        var duration = matmul + attention + serialCompute + work.StallSeconds;
        if (duration <= 0)
        {
            return (0, power.StaticWatts);
        }

        var activitySeconds =
            matmulCompute
            + attentionCompute
            + serialCompute
            + (power.MemoryBoundActivity * (matmul - matmulCompute))
            + (power.AttentionActivity * (attention - attentionCompute))
            + (power.StallActivity * work.StallSeconds);
        var joules =
            (power.StaticWatts * duration)
            + (power.CoreDynamicWatts * dynamicScale[level] * activitySeconds)
            + (power.MemoryWatts * work.PeakBandwidthSeconds);
        return (duration, joules / duration);
    }
}
