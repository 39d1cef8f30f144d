namespace MLEnergy.Simulation.Models;

/// <summary>
/// The models the simulator knows, from <c>models.json</c>, keyed by Hugging Face id: architectures from their
/// published configs, and aliases (ids of the same shape, possibly quantized).
/// </summary>
public sealed class ModelCatalog
{
    private readonly Dictionary<string, ModelArchitecture> byId;

    public ModelCatalog(IEnumerable<ModelArchitecture> models, IEnumerable<ModelAlias>? aliases = null)
    {
        byId = models.ToDictionary(m => m.Id, StringComparer.OrdinalIgnoreCase);
        foreach (var alias in aliases ?? [])
        {
            if (!byId.TryGetValue(alias.ShapeOf, out var shape))
            {
                throw new InvalidDataException($"models.json: alias {alias.Id} names unknown shape {alias.ShapeOf}");
            }

            byId[alias.Id] = alias.Apply(shape);
        }

        Ids = [.. byId.Values.Select(m => m.Id)];
    }

    public IReadOnlyList<string> Ids { get; }

    /// <summary>The catalog shipped with the tool.</summary>
    public static ModelCatalog LoadDefault() => Parse(CatalogJson.ReadResource("models.json"));

    public static ModelCatalog Parse(string json)
    {
        var document = CatalogJson.Deserialize<ModelCatalogDocument>(json, "models.json");
        return new ModelCatalog(document.Models, document.Aliases);
    }

    /// <summary>The model with this Hugging Face id.</summary>
    /// <exception cref="UnknownCatalogEntryException">No such model; the exception lists the known ones.</exception>
    public ModelArchitecture Get(string id) =>
        byId.TryGetValue(id, out var model) ? model : throw new UnknownCatalogEntryException("model", id, Ids);

    public bool TryGet(string id, out ModelArchitecture? model) => byId.TryGetValue(id, out model);

    private sealed record ModelCatalogDocument(
        IReadOnlyList<ModelArchitecture> Models,
        IReadOnlyList<ModelAlias>? Aliases
    );
}
