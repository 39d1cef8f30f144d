using MLEnergy.Simulation.Hardware;

namespace MLEnergy.Simulation.Engine;

/// <summary>
/// Pauses of the serving host in which the GPUs wait (the Python scheduler, detokenizer and garbage collector of a
/// vLLM-style server): they come as a Poisson process in virtual time, and each one lengthens the step it falls in by
/// a fixed time (the pause itself, scaled by the GPU kind's host stall ratios: hosts of other GPU kinds have other
/// CPUs and software, one ratio for one-GPU replicas and one for replicas of several, and the rate too) plus a time
/// per scheduled sequence (the engine's pass over the batch, the same on every host), both shorter on replicas of
/// several GPUs. Every decoding sequence of that step waits for it: the part of the inter-token tail that the GPU's
/// own work does not make. Draws come from their own seeded stream, so a seed gives the same stalls.
/// </summary>
internal sealed class HostStalls
{
    private readonly double meanGapSeconds;
    private readonly double seconds;
    private readonly double secondsPerSequence;
    private readonly Random? random;
    private double next;

    /// <param name="perSecond">How often a stall comes (0 = never).</param>
    /// <param name="seconds">Fixed length of one stall.</param>
    /// <param name="secondsPerSequence">Length one stall adds per sequence the step schedules.</param>
    /// <param name="seed">Seed of the stalls' own random stream.</param>
    public HostStalls(double perSecond, double seconds, double secondsPerSequence, int seed)
    {
        if (perSecond <= 0 || (seconds <= 0 && secondsPerSequence <= 0))
        {
            return;
        }

        meanGapSeconds = 1.0 / perSecond;
        this.seconds = Math.Max(0, seconds);
        this.secondsPerSequence = Math.Max(0, secondsPerSequence);
        random = new Random(seed);
        next = Gap();
    }

    /// <summary>A host that never stalls.</summary>
    public static HostStalls None => new(0, 0, 0, 0);

    /// <summary>The stalls of the engine's constants on a host with GPUs of this kind.</summary>
    /// <param name="gpusPerReplica">GPUs of one replica (tensor or expert parallel degree).</param>
    public static HostStalls For(EngineCalibration calibration, GpuKind gpu, int gpusPerReplica, int seed)
    {
        var achieved = gpu.Achieved ?? AchievedScale.Same;
        var multiGpu = gpusPerReplica > 1;
        var share = multiGpu ? calibration.HostStallShareMultiGpu : 1;
        var fixedRatio = multiGpu ? achieved.MultiGpuStall ?? (achieved.Stall * share) : achieved.Stall;
        return new HostStalls(
            calibration.HostStallsPerSecond * achieved.StallRate,
            calibration.HostStallSeconds * fixedRatio,
            calibration.HostStallSecondsPerSequence * share,
            seed
        );
    }

    /// <summary>
    /// Seconds of stall that a step of the GPUs' <paramref name="duration"/> starting at <paramref name="start"/>
    /// waits for (the stalls that come while it runs); stalls that came while nothing ran are gone.
    /// </summary>
    /// <param name="sequences">Sequences the step schedules.</param>
    public double During(double start, double duration, int sequences)
    {
        if (random is null)
        {
            return 0;
        }

        while (next < start)
        {
            next += Gap();
        }

        var end = start + duration;
        double stalled = 0;
        while (next < end)
        {
            stalled += seconds + (secondsPerSequence * sequences);
            next += Gap();
        }

        return stalled;
    }

    private double Gap() => -Math.Log(1.0 - random!.NextDouble()) * meanGapSeconds;
}
