namespace MLEnergy.Simulation.Http;

/// <summary>How to serve the simulated engine over HTTP on loopback.</summary>
/// <param name="Port">TCP port on 127.0.0.1; 0 picks a free one.</param>
/// <param name="TimeScale">Virtual seconds per wall second (2 = twice as fast as the real GPU would be).</param>
public sealed record SimServerOptions(
    string ModelId,
    int MaxNumSeqs,
    int TensorParallel = 1,
    double TimeScale = 1,
    int Port = 8000,
    string GpuKind = "H100-SXM-80GB",
    int? SmClockCapMhz = null,
    double? PowerLimitWatts = null,
    int Seed = 0
)
{
    /// <summary>The fastest time scale served: beyond it engine steps outrun the wall clock's resolution.</summary>
    public const double MaxTimeScale = 1000;

    /// <summary>Larger request bodies are answered with 413.</summary>
    public long MaxRequestBodyBytes { get; init; } = 1024 * 1024;
}
