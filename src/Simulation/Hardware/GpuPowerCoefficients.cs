namespace MLEnergy.Simulation.Hardware;

/// <summary>
/// The constants of the GPU power model: idle power (nothing running), static power (a context is active),
/// core dynamic power at the maximum clock and voltage with every SM busy, memory power at full bandwidth,
/// and how busy the SMs are (0..1) while a matmul waits on memory, while attention streams the KV cache,
/// and while the GPU waits on the host or the interconnect.
/// </summary>
public sealed record GpuPowerCoefficients(
    double IdleWatts,
    double StaticWatts,
    double CoreDynamicWatts,
    double MemoryWatts,
    double MemoryBoundActivity,
    double AttentionActivity,
    double StallActivity
);
