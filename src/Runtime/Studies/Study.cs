namespace MLEnergy.Runtime.Studies;

/// <summary>
/// One shared study as the store holds it: its name, the fingerprint of the tuning problem it answers, the budget
/// (trials across all workers; null when the strategy decides) and where it stands.
/// </summary>
public sealed record Study(string Name, string Fingerprint, int? Budget, StudyStatus Status)
{
    public bool Finished => Status == StudyStatus.Finished;

    /// <summary>Why the study stops or stopped, as the worker that stopped it saw it; null while it is open.</summary>
    public string? StopReason { get; init; }
}
