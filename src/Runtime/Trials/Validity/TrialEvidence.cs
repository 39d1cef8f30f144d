using System.Collections.Immutable;

namespace MLEnergy.Runtime.Trials.Validity;

/// <summary>
/// What the validity gates look at: the shortest steady-state window, the samples each SLO verdict saw, the running
/// batch under a saturating load, and the GPUs read back (none where the target has no GPU telemetry).
/// </summary>
public sealed record TrialEvidence(TimeSpan Window)
{
    public ImmutableArray<VerdictSamples> Samples { get; init; } = [];

    /// <summary>Whether the load could fill the batch (closed loop with at least max_num_seqs in flight).</summary>
    public bool Saturating { get; init; }

    /// <summary>
    /// Mean running batch over the window divided by the largest the engine could hold (max_num_seqs or what its KV
    /// cache holds, <see cref="Recommender.Observations.BatchOccupancy"/>); null where unknown.
    /// </summary>
    public double? BatchOccupancy { get; init; }

    /// <summary>
    /// The largest number of sequences one replica ran in one step over the window (served: the highest sample of the
    /// server's running gauge); null where unknown.
    /// </summary>
    public double? PeakRunningBatch { get; init; }

    /// <summary>
    /// Whether requests waited in the server's queue through the window: then a batch short of max_num_seqs is the
    /// server's own limit (KV cache, token budget), measured as it is, not a load that failed to fill it.
    /// </summary>
    public bool ServerQueued { get; init; }

    /// <summary>Where the running batch was read: the server's gauge, the load generator, the engine.</summary>
    public string BatchSource { get; init; } = "the engine";

    /// <summary>Whether the GPUs could be read (NVML); the power, temperature and setting gates need it.</summary>
    public bool GpuTelemetry { get; init; }

    public ImmutableArray<GpuCheck> Gpus { get; init; } = [];

    /// <summary>
    /// How late a rate-driven load sent the requests due in the window(s); null where no client sends on a schedule (a
    /// closed loop, the simulated host's virtual arrivals, a replay).
    /// </summary>
    public SendLateness? Lateness { get; init; }

    /// <summary>Host time the trial waited for the GPUs to cool before it started.</summary>
    public TimeSpan SettleWait { get; init; }
}
