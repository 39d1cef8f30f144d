using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search.Parallel;

namespace MLEnergy.Runtime.Studies;

/// <summary>
/// A study as one read saw it: every finished trial (in the order they finished), the trials claimed by live workers
/// (a claim whose heartbeat is older than the timeout is not counted: it is free to be claimed again) and the claims
/// released unmeasured that nobody took over yet.
/// </summary>
public sealed record StudySnapshot(Study Study, IReadOnlyList<StudyTrial> Done, IReadOnlyList<PendingTrial> Pending)
{
    public IReadOnlyList<Observation> Observations { get; } = [.. Done.Select(t => t.Observation)];

    /// <summary>Claims released unmeasured whose slots are free: the study measures them before it finishes.</summary>
    public IReadOnlyList<UnmeasuredClaim> Unmeasured { get; init; } = [];

    /// <summary>
    /// While the study is stopping, how many of <see cref="Done"/> (the first ones) had finished when it began to stop:
    /// the trials its stop point read. Null while it is open or finished.
    /// </summary>
    public int? StopPoint { get; init; }

    /// <summary>
    /// The repetition a new claim of this configuration is: the slot of an unmeasured claim of it, else the trials
    /// finished or pending before it.
    /// </summary>
    public int NextRepetition(Configuration configuration) =>
        Unmeasured.FirstOrDefault(u => u.Trial.Configuration.Equals(configuration))?.Repetition
        ?? Done.Count(t => t.Observation.Configuration.Equals(configuration))
            + Pending.Count(p => p.Configuration.Equals(configuration));
}
