using MLEnergy.Runtime.Nightly;
using MLEnergy.Runtime.Optimize;

namespace MLEnergy.Runtime.Studies;

/// <summary>
/// What one worker of a study did: took part in the search (<see cref="Tuned"/>), or, on a host joining a problem a
/// finished study already answered, re-checked its recommendation and baseline (<see cref="Transfer"/>).
/// </summary>
public sealed record StudyOutcome(string Study, OptimizeOutcome? Tuned, NightlyOutcome? Transfer)
{
    /// <summary>The finished study this host's re-check started from; null when it searched.</summary>
    public string? TransferredFrom { get; init; }
}
