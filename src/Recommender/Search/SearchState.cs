using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Search;

/// <summary>What a strategy sees when asked for the next trial.</summary>
public sealed record SearchState(
    SearchSpace Space,
    IReadOnlyList<Configuration> Candidates,
    IReadOnlyList<Observation> Observations,
    ServiceLevelObjective Slo,
    int TrialsLeft)
{
    public string ObjectiveMetric => Space.Objective.MetricName();

    public bool IsMeasured(Configuration configuration) =>
        Observations.Any(o => o.Configuration.Equals(configuration));
}
