namespace MLEnergy.Simulation.Diffusion;

/// <summary>The diffusion models the simulator knows (<c>diffusion-models.json</c>), keyed by model id.</summary>
public sealed class DiffusionCatalog
{
    private readonly Dictionary<string, DiffusionModel> byId;

    public DiffusionCatalog(IEnumerable<DiffusionModel> models)
    {
        byId = models.ToDictionary(m => m.Id, StringComparer.OrdinalIgnoreCase);
        Ids = [.. byId.Values.Select(m => m.Id)];
    }

    public IReadOnlyList<string> Ids { get; }

    public static DiffusionCatalog LoadDefault()
    {
        const string File = "diffusion-models.json";
        return new(CatalogJson.Deserialize<Document>(CatalogJson.ReadResource(File), File).Models);
    }

    /// <exception cref="UnknownCatalogEntryException">No such model; the exception lists the known ones.</exception>
    public DiffusionModel Get(string id) =>
        byId.TryGetValue(id, out var model)
            ? model
            : throw new UnknownCatalogEntryException("diffusion model", id, Ids);

    public bool TryGet(string id, out DiffusionModel? model) => byId.TryGetValue(id, out model);

    private sealed record Document(IReadOnlyList<DiffusionModel> Models);
}
