namespace MLEnergy.Simulation.Hardware;

/// <summary>One kind of GPU, as the data file <c>gpus.json</c> describes it.</summary>
public sealed record GpuKind(
    string Id,
    string Name,
    long MemoryBytes,
    double MemoryBandwidthBytesPerSecond,
    double DenseBf16FlopsPerSecond,
    ClockRange SmClock,
    PowerLimitRange PowerLimit,
    double TdpWatts,
    VoltageCurve Voltage,
    GpuPowerCoefficients Power,
    InterconnectSpec Interconnect);
