using System.Collections.Immutable;

namespace MLEnergy.Runtime.Trials.Validity;

/// <summary>
/// What the validity gates concluded about one trial: the reasons it failed (none when valid), and the gates the
/// target could not check (no GPU telemetry on a simulated host or a replay).
/// </summary>
public sealed record TrialValidity(ImmutableArray<string> Reasons, ImmutableArray<string> Skipped)
{
    public bool Valid => Reasons.IsEmpty;

    /// <summary>
    /// Whether the only gate that failed is the samples gate: the window ended with an SLO verdict undecided. What
    /// the trial measured stands; see <see cref="Recommender.Observations.Observation.ShortOfSamples"/>.
    /// </summary>
    public bool OnlyShortOfSamples { get; init; }

    /// <summary>
    /// The reasons from the gates that read the GPUs (a setting not in force, a slowdown the GPU chose, a temperature
    /// or power out of range): the window did not measure the requested configuration in a fit state, whatever it
    /// measured, so they make even a trial that looked infeasible invalid.
    /// </summary>
    public ImmutableArray<string> GpuReasons { get; init; } = [];

    /// <summary>
    /// The reason of the load schedule gate, when it failed: the load generator fell behind its schedule, so the window
    /// measured another load than the one stated, which is not the configuration's doing either.
    /// </summary>
    public ImmutableArray<string> ScheduleReasons { get; init; } = [];

    /// <summary>
    /// The reasons that blame the measurement, not the configuration (<see cref="ScheduleReasons"/>, then
    /// <see cref="GpuReasons"/>): they make even a trial that looked infeasible invalid.
    /// </summary>
    public ImmutableArray<string> NotTheConfiguration => [.. ScheduleReasons, .. GpuReasons];

    /// <summary>The reasons in one line, for the observation and the report.</summary>
    public string Reason => string.Join("; ", Reasons);
}
