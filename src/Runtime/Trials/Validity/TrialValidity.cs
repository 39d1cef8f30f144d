using System.Collections.Immutable;

namespace MLEnergy.Runtime.Trials.Validity;

/// <summary>
/// What the validity gates concluded about one trial: the reasons it failed (none when valid), and the gates the
/// target could not check (no GPU telemetry on a simulated host or a replay).
/// </summary>
public sealed record TrialValidity(ImmutableArray<string> Reasons, ImmutableArray<string> Skipped)
{
    public bool Valid => Reasons.IsEmpty;

    /// <summary>The reasons in one line, for the observation and the report.</summary>
    public string Reason => string.Join("; ", Reasons);
}
