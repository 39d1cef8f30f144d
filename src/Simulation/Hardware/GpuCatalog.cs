namespace MLEnergy.Simulation.Hardware;

/// <summary>The GPU kinds the simulator knows, from <c>gpus.json</c>, keyed by id (e.g. <c>H100-SXM-80GB</c>).</summary>
public sealed class GpuCatalog
{
    private readonly Dictionary<string, GpuKind> byId;

    public GpuCatalog(IEnumerable<GpuKind> gpus)
    {
        byId = gpus.ToDictionary(g => g.Id, StringComparer.OrdinalIgnoreCase);
        Ids = [.. byId.Values.Select(g => g.Id)];
    }

    public IReadOnlyList<string> Ids { get; }

    /// <summary>The catalog shipped with the tool.</summary>
    public static GpuCatalog LoadDefault() => Parse(CatalogJson.ReadResource("gpus.json"));

    public static GpuCatalog Parse(string json)
    {
        var document = CatalogJson.Deserialize<GpuCatalogDocument>(json, "gpus.json");
        return new GpuCatalog(document.Gpus);
    }

    /// <summary>The GPU kind with this id.</summary>
    /// <exception cref="UnknownCatalogEntryException">No such GPU kind; the exception lists the known ones.</exception>
    public GpuKind Get(string id) =>
        byId.TryGetValue(id, out var gpu) ? gpu : throw new UnknownCatalogEntryException("GPU kind", id, Ids);

    public bool TryGet(string id, out GpuKind? gpu) => byId.TryGetValue(id, out gpu);

    private sealed record GpuCatalogDocument(IReadOnlyList<GpuKind> Gpus);
}
