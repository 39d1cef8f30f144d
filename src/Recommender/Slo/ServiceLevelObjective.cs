using System.Collections.Immutable;

namespace MLEnergy.Recommender.Slo;

/// <summary>Every constraint a configuration must meet; the first one is the latency axis of the frontier.</summary>
public sealed record ServiceLevelObjective(ImmutableArray<SloConstraint> Constraints)
{
    public SloConstraint Primary => Constraints[0];

    public override string ToString() => string.Join(" and ", Constraints);
}
