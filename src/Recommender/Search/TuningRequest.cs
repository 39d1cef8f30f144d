using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Search;

/// <summary>What to tune: the space, the SLO, how many trials at most, and trials already measured (resume).</summary>
public sealed record TuningRequest(SearchSpace Space, ServiceLevelObjective Slo, int? MaxTrials = null)
{
    public IReadOnlyList<Observation> Previous { get; init; } = [];
}
