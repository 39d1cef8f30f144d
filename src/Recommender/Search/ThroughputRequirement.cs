using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Search;

/// <summary>
/// The throughput a recommendation must keep (<c>--min-throughput</c>), as the search sees it. The floor may depend
/// on the trials (a share of the baseline's measured throughput), so it is resolved against them before each
/// proposal: null until it is known.
/// </summary>
/// <param name="Metric">The throughput metric, in the objective's unit of work per second.</param>
/// <param name="Floor">The floor given the trials so far; null when none applies yet.</param>
public sealed record ThroughputRequirement(string Metric, Func<IReadOnlyList<Observation>, double?> Floor)
{
    public ThroughputBound? Resolve(IReadOnlyList<Observation> observations) =>
        Floor(observations) is { } floor ? new ThroughputBound(Metric, floor) : null;
}
