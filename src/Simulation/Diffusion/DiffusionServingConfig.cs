namespace MLEnergy.Simulation.Diffusion;

/// <summary>
/// One configuration of a simulated diffusion server (xDiT-style): images or videos per batch, the sequence
/// parallel degrees (Ulysses all-to-all and ring attention; their product is the GPU count), and the GPU knobs.
/// </summary>
/// <param name="Steps">Denoising steps; null = the model's default.</param>
public sealed record DiffusionServingConfig(
    string ModelId,
    string GpuKind,
    int BatchSize = 1,
    int UlyssesDegree = 1,
    int RingDegree = 1,
    int? SmClockCapMhz = null,
    double? PowerLimitWatts = null,
    int? Steps = null
)
{
    public int GpuCount => UlyssesDegree * RingDegree;
}
