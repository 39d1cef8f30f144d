namespace MLEnergy.Simulation.Diffusion;

/// <summary>
/// The diffusion pipeline costs per GPU kind (<c>diffusion-engine.json</c>); a GPU kind without its own takes those of
/// <see cref="Fallback"/> (a prediction).
/// </summary>
public sealed class DiffusionCalibration
{
    private readonly Dictionary<string, DiffusionPipelineCosts> byGpu;

    public DiffusionCalibration(IEnumerable<DiffusionPipelineCosts> costs, string fallback)
    {
        byGpu = costs.ToDictionary(c => c.Gpu, StringComparer.OrdinalIgnoreCase);
        Fallback = fallback;
    }

    /// <summary>The GPU kind whose costs stand in for a kind without its own.</summary>
    public string Fallback { get; }

    public IReadOnlyCollection<DiffusionPipelineCosts> Fitted => byGpu.Values;

    /// <summary>No costs beyond the FLOPs on any GPU kind.</summary>
    public static DiffusionCalibration None { get; } = new([], "");

    public static DiffusionCalibration LoadDefault()
    {
        const string File = "diffusion-engine.json";
        var document = CatalogJson.Deserialize<Document>(CatalogJson.ReadResource(File), File);
        return new(document.Gpus, document.Fallback);
    }

    /// <summary>The costs of <paramref name="gpuId"/> (a catalog id), else the fallback's, else none.</summary>
    public DiffusionPipelineCosts For(string gpuId) =>
        byGpu.TryGetValue(gpuId, out var costs) ? costs
        : byGpu.TryGetValue(Fallback, out var fallback) ? fallback
        : DiffusionPipelineCosts.None(gpuId);

    /// <summary>A copy with <paramref name="costs"/> for its GPU kind (the fitting harness tries candidates).</summary>
    public DiffusionCalibration With(DiffusionPipelineCosts costs) =>
        new(
            byGpu.Values.Where(c => !c.Gpu.Equals(costs.Gpu, StringComparison.OrdinalIgnoreCase)).Append(costs),
            Fallback
        );

    private sealed record Document(string Fallback, IReadOnlyList<DiffusionPipelineCosts> Gpus);
}
