namespace MLEnergy.Simulation.Hardware;

/// <summary>
/// A piece of GPU work as a roofline of two phases, timed at the maximum SM clock: a matmul phase and an
/// attention phase, each taking the longer of its compute time (which stretches as the clock falls) and its
/// memory time (which does not); plus the bytes moved, as seconds at peak bandwidth, for memory power; plus
/// stall time in which the GPU waits for the host or the interconnect; plus compute time that the matmul phase's
/// overlap does not hide (what a kernel's extra compute adds to its roofline), which stretches as the clock falls.
/// </summary>
public readonly record struct KernelMix(
    double MatmulComputeSeconds,
    double MatmulMemorySeconds,
    double AttentionComputeSeconds,
    double AttentionMemorySeconds,
    double PeakBandwidthSeconds,
    double StallSeconds,
    double SerialComputeSeconds = 0
);
