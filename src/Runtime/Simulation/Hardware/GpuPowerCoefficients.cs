namespace MLEnergy.Runtime.Simulation.Hardware;

/// <summary>
/// The constants of the GPU power model: idle power (nothing running), static power (a context is active),
/// core dynamic power at the maximum clock and voltage with every SM busy, memory power at full bandwidth,
/// and how busy the SMs are (0..1) while a kernel waits on memory and while the GPU waits on the host.
/// </summary>
public sealed record GpuPowerCoefficients(
    double IdleWatts,
    double StaticWatts,
    double CoreDynamicWatts,
    double MemoryWatts,
    double MemoryBoundActivity,
    double StallActivity);
