using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search.Parallel;

namespace MLEnergy.Runtime.Studies;

/// <summary>
/// A study as one read saw it: every finished trial (in the order they finished) and the trials claimed by live
/// workers (a claim whose heartbeat is older than the timeout is not counted: it is free to be claimed again).
/// </summary>
public sealed record StudySnapshot(Study Study, IReadOnlyList<StudyTrial> Done, IReadOnlyList<PendingTrial> Pending)
{
    public IReadOnlyList<Observation> Observations { get; } = [.. Done.Select(t => t.Observation)];

    /// <summary>The repetition a new claim of this configuration is: trials finished or pending before it.</summary>
    public int NextRepetition(Configuration configuration) =>
        Done.Count(t => t.Observation.Configuration.Equals(configuration))
        + Pending.Count(p => p.Configuration.Equals(configuration));
}
