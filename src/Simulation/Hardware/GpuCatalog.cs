namespace MLEnergy.Simulation.Hardware;

/// <summary>
/// The GPU kinds the simulator knows, from <c>gpus.json</c>, keyed by id (e.g. <c>H100-SXM-80GB</c>) and by the
/// aliases each kind lists (<c>H100</c>, <c>NVIDIA H100 80GB HBM3</c>, <c>B200</c>); case, spaces, dashes and
/// underscores do not matter.
/// </summary>
public sealed class GpuCatalog
{
    private readonly Dictionary<string, GpuKind> byName;

    public GpuCatalog(IEnumerable<GpuKind> gpus)
    {
        var list = gpus.ToList();
        Ids = [.. list.Select(g => g.Id)];
        byName = new Dictionary<string, GpuKind>(StringComparer.Ordinal);
        foreach (var gpu in list)
        {
            byName[Normalize(gpu.Id)] = gpu;
        }

        foreach (var gpu in list)
        {
            foreach (var name in (gpu.Aliases ?? []).Append(gpu.Name))
            {
                byName.TryAdd(Normalize(name), gpu);
            }
        }
    }

    public IReadOnlyList<string> Ids { get; }

    /// <summary>The catalog shipped with the tool.</summary>
    public static GpuCatalog LoadDefault() => Parse(CatalogJson.ReadResource("gpus.json"));

    public static GpuCatalog Parse(string json)
    {
        var document = CatalogJson.Deserialize<GpuCatalogDocument>(json, "gpus.json");
        return new GpuCatalog(document.Gpus);
    }

    /// <summary>The GPU kind with this id or alias.</summary>
    /// <exception cref="UnknownCatalogEntryException">No such GPU kind; the exception lists the known ones.</exception>
    public GpuKind Get(string id) =>
        TryGet(id, out var gpu) ? gpu! : throw new UnknownCatalogEntryException("GPU kind", id, Ids);

    public bool TryGet(string id, out GpuKind? gpu) => byName.TryGetValue(Normalize(id), out gpu);

    private static string Normalize(string name) =>
        new([.. name.Where(char.IsLetterOrDigit).Select(char.ToUpperInvariant)]);

    private sealed record GpuCatalogDocument(IReadOnlyList<GpuKind> Gpus);
}
