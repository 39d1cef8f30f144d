using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Search;

/// <summary>What to tune: the space, the SLO, how many trials at most, and trials already measured (resume).</summary>
public sealed record TuningRequest(SearchSpace Space, ServiceLevelObjective Slo, int? MaxTrials = null)
{
    public IReadOnlyList<Observation> Previous { get; init; } = [];

    /// <summary>Host time the trials may take at most (restarts included); null for no limit.</summary>
    public TimeSpan? MaxHostTime { get; init; }

    /// <summary>The throughput a recommendation must keep, as the strategy sees it; null for none.</summary>
    public ThroughputRequirement? Throughput { get; init; }

    /// <summary>The same request with a budget's limits.</summary>
    public TuningRequest WithBudget(TuningBudget budget) =>
        this with
        {
            MaxTrials = budget.MaxTrials,
            MaxHostTime = budget.MaxHostTime,
        };
}
