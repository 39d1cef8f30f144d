namespace MLEnergy.Runtime.Studies;

/// <summary>
/// One shared study as the store holds it: its name, the fingerprint of the tuning problem it answers, the budget
/// (trials across all workers; null when the strategy decides) and whether it is finished.
/// </summary>
public sealed record Study(string Name, string Fingerprint, int? Budget, bool Finished)
{
    /// <summary>Why the study stopped, as the worker that finished it saw it; null while it is open.</summary>
    public string? StopReason { get; init; }
}
