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

    /// <summary>
    /// How many of the last observations are fantasies standing in for trials other workers are still measuring
    /// (<see cref="Parallel.ConstantLiar"/>): they steer the proposal but say nothing about the noise.
    /// </summary>
    public int Believed { get; init; }

    /// <summary>The observations that were measured: all but the believed ones.</summary>
    public IEnumerable<Observation> Measurements => Observations.Take(Observations.Count - Believed);

    public bool IsMeasured(Configuration configuration) =>
        (_measured ??= [.. Observations.Select(o => o.Configuration)]).Contains(configuration);
}
