using System.Collections.Immutable;
using MLEnergy.Runtime.Optimize;
using MLEnergy.Runtime.State;

namespace MLEnergy.Runtime.Nightly;

/// <summary>
/// What a nightly run did: confirmed the last recommendation (no drift), or re-tuned (after drift, or because
/// there was no earlier recommendation), with the findings and the folders written.
/// </summary>
public sealed record NightlyOutcome(
    RunFolder? CheckFolder,
    ImmutableArray<DriftFinding> Findings,
    OptimizeOutcome? Retune
)
{
    public bool Retuned => Retune is not null;

    public bool FirstRun => Retuned && CheckFolder is null;

    public IEnumerable<DriftFinding> Drifted => Findings.Where(f => f.Drifted);
}
