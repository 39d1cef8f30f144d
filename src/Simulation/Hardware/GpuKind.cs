namespace MLEnergy.Simulation.Hardware;

/// <summary>One kind of GPU, as the data file <c>gpus.json</c> describes it.</summary>
/// <param name="DenseFp8FlopsPerSecond">Peak dense FP8 tensor rate; 0 = no FP8 tensor cores (runs at bf16).</param>
/// <param name="DenseFp4FlopsPerSecond">Peak dense FP4 tensor rate; 0 = no FP4 tensor cores.</param>
/// <param name="Aliases">Other names of this kind: how NVML, ML.ENERGY's data and people spell it.</param>
/// <param name="Achieved">The serving engine's achieved rates relative to the H100's; null = the same.</param>
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
    InterconnectSpec Interconnect,
    double DenseFp8FlopsPerSecond = 0,
    double DenseFp4FlopsPerSecond = 0,
    IReadOnlyList<string>? Aliases = null,
    AchievedScale? Achieved = null
)
{
    /// <summary>Peak dense matmul rate for weights of this precision (what the tensor cores offer for it).</summary>
    public double MatmulFlopsPerSecond(WeightPrecision precision) =>
        precision switch
        {
            WeightPrecision.Fp8 when DenseFp8FlopsPerSecond > 0 => DenseFp8FlopsPerSecond,
            WeightPrecision.Mxfp4 when DenseFp4FlopsPerSecond > 0 => DenseFp8FlopsPerSecond,
            _ => DenseBf16FlopsPerSecond,
        };
}
