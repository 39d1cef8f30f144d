using System.Collections.Immutable;

namespace MLEnergy.Recommender.Slo;

/// <summary>Every constraint a configuration must meet; the first one is the latency axis of the frontier.</summary>
public sealed record ServiceLevelObjective(ImmutableArray<SloConstraint> Constraints)
{
    public SloConstraint Primary => Constraints[0];

    /// <summary>The confidence a pass over repeated trials is certified at (95 % unless the operator chose).</summary>
    public SloConfidence Confidence { get; init; } = SloConfidence.Default;

    public override string ToString() => string.Join(" and ", Constraints);
}
