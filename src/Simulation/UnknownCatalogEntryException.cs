namespace MLEnergy.Simulation;

/// <summary>A model or GPU kind that the simulator's catalog does not hold; carries the ones it does.</summary>
public sealed class UnknownCatalogEntryException : Exception
{
    public UnknownCatalogEntryException()
        : this("entry", string.Empty, []) { }

    public UnknownCatalogEntryException(string message)
        : base(message)
    {
        Kind = "entry";
        Requested = string.Empty;
        Known = [];
    }

    public UnknownCatalogEntryException(string message, Exception innerException)
        : base(message, innerException)
    {
        Kind = "entry";
        Requested = string.Empty;
        Known = [];
    }

    public UnknownCatalogEntryException(string kind, string requested, IReadOnlyList<string> known)
        : base($"unknown {kind} '{requested}'; known: {string.Join(", ", known)}")
    {
        Kind = kind;
        Requested = requested;
        Known = known;
    }

    /// <summary>What was looked up: "model" or "GPU kind".</summary>
    public string Kind { get; }

    public string Requested { get; }

    public IReadOnlyList<string> Known { get; }
}
