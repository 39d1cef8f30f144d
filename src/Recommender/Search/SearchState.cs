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
    int TrialsLeft
)
{
    private HashSet<Configuration>? _measured;

    public string ObjectiveMetric => Space.Objective.MetricName();

    /// <summary>The configuration the host runs now (the last one measured); null before the first trial.</summary>
    public Configuration? Current { get; init; }

    /// <summary>Host time left in the budget; null when the budget counts trials only.</summary>
    public TimeSpan? HostTimeLeft { get; init; }

    /// <summary>The throughput floor a recommendation must keep, resolved; null when none applies.</summary>
    public ThroughputBound? Throughput { get; init; }

    public bool IsMeasured(Configuration configuration) =>
        (_measured ??= [.. Observations.Select(o => o.Configuration)]).Contains(configuration);
}
