using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Trials.Validity;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Trials;

/// <summary>
/// What the validity gates need to know of a served trial, from its space and load: the settings it requested, whether
/// the load saturates its batch, and the evidence its windows gathered.
/// </summary>
internal sealed class ServingTrialEvidence(
    SearchSpace space,
    ArrivalPlan plan,
    ServiceLevelObjective slo,
    TrialSettings settings
)
{
    public TrialEvidence Of(
        Configuration configuration,
        IReadOnlyList<WindowResult> windows,
        TimeSpan waited,
        bool gpuTelemetry
    )
    {
        var latencies = Profiler.Latency.LatencySummary.From(windows.SelectMany(w => w.Requests));
        var batch = MaxNumSeqs(configuration);
        var running = windows.Select(w => w.RunningBatch).ToList();
        var kv = windows.Select(w => w.KvShare).ToList();
        return new TrialEvidence(windows.Min(w => w.Elapsed))
        {
            Samples = SloVerdicts.Samples(
                k => latencies.Count(k),
                slo,
                settings,
                SloVerdicts.Judge(latencies, slo, settings)
            ),
            Saturating = Saturating(configuration),
            BatchOccupancy = running.All(r => r is not null)
                ? BatchOccupancy.Of(running.Average()!.Value, batch, kv.All(k => k is not null) ? kv.Average() : null)
                : null,
            PeakRunningBatch = windows.All(w => w.PeakRunningBatch is not null)
                ? windows.Max(w => w.PeakRunningBatch)
                : null,
            BatchSource = windows[^1].RunningBatchSource,
            ServerQueued = windows.All(w => w.ServerWaiting is >= ServerQueueThreshold),
            GpuTelemetry = gpuTelemetry,
            Gpus = windows[^1].Gpus,
            SettleWait = waited,
            Lateness = SendLateness.Pool(windows.Select(w => w.Lateness)),
        };
    }

    /// <summary>Mean waiting requests from which the server's queue counts as never empty over a window.</summary>
    public const double ServerQueueThreshold = 1;

    /// <summary>A closed loop keeping at least max_num_seqs requests in flight can fill the batch.</summary>
    public bool Saturating(Configuration configuration) =>
        plan is ClosedLoopArrivals loop && MaxNumSeqs(configuration) is { } batch && loop.Concurrency >= batch;

    /// <summary>
    /// Whether the load sets the arrival rate (Poisson, trace): its spare capacity is judged on the batch occupancy,
    /// so the server's running and KV cache gauges are read for it too.
    /// </summary>
    public bool RateDriven => plan is not ClosedLoopArrivals;

    /// <summary>The power limit and SM clock cap the configuration asks for, where the space has those knobs.</summary>
    public (Power? Limit, Frequency? Cap) Requested(Configuration configuration) =>
        (
            Number(configuration, KnobKind.GpuPowerLimit) is { } watts ? Power.FromWatts(watts) : null,
            Number(configuration, KnobKind.GpuSmClockCap) is { } mhz ? Frequency.FromMegahertz(mhz) : null
        );

    private double? MaxNumSeqs(Configuration configuration) => Number(configuration, KnobKind.ServerBatchSize);

    private double? Number(Configuration configuration, KnobKind kind) =>
        space.Knobs.FirstOrDefault(k => k.Kind == kind) is { } knob ? configuration.Number(knob.Name) : null;
}
