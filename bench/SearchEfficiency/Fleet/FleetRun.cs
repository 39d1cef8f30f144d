using MLEnergy.Runtime.Studies;

namespace MLEnergy.SearchEfficiency.Fleet;

/// <summary>
/// One study of a scenario: how long it took (in wall time, and in host time: <see cref="HostClock"/>), how many
/// trials, what it recommended and how far from the best.
/// </summary>
public sealed record FleetRun(
    TimeSpan Wall,
    TimeSpan Host,
    int Trials,
    string? Recommended,
    double? Gap,
    IReadOnlyList<StudyTrial> Log,
    string? StopReason = null
)
{
    /// <summary>Where the workers' host time went besides trials.</summary>
    public HostIdle? Idle { get; init; }

    /// <summary>When each trial of <see cref="Log"/> ended on the virtual clock (<see cref="HostClock"/>).</summary>
    public IReadOnlyList<TimeSpan> Finished { get; init; } = [];
}
