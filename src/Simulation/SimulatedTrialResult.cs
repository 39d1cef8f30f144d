using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Load;
using MLEnergy.Simulation.Telemetry;

namespace MLEnergy.Simulation;

/// <summary>
/// What one simulated trial measured over its steady-state window (warm-up excluded): completed requests,
/// every inter-token time (exact, in <see cref="InterTokenSamples"/>, which observations read; the histogram is the
/// engine's own constant-memory summary for calibration), energy per GPU, tokens. An infeasible configuration has
/// <see cref="Feasible"/> false, the reason, and nothing measured.
/// </summary>
public sealed record SimulatedTrialResult(
    SimulatedServingConfig Config,
    LoadSpec Load,
    bool Feasible,
    string? InfeasibleReason,
    TimeSpan Warmup,
    TimeSpan Window,
    IReadOnlyList<SimulatedRequestRecord> Requests,
    LatencyHistogram InterTokenLatency,
    IReadOnlyList<GpuWindowEnergy> Gpus,
    long GeneratedTokens,
    double AverageBatchSize,
    double AverageClockMhz
)
{
    internal IReadOnlyList<PowerTimeline> ReplicaTimelines { get; init; } = [];

    /// <summary>Every inter-token time inside the window, exact, as the engine made them (one a step).</summary>
    public IReadOnlyList<InterTokenSample> InterTokenSamples { get; init; } = [];

    /// <summary>How many GPUs serve the model (tensor parallel degree times replicas that ran).</summary>
    public int ServingGpuCount => Gpus.Count(g => g.Serving);

    internal double IdleWatts { get; init; }

    /// <summary>The largest number of sequences one replica ran in one step inside the window.</summary>
    public int PeakRunningBatch { get; init; }

    /// <summary>The highest SM clock a serving GPU ran a step at inside the window (0: no step).</summary>
    public double PeakClockMhz { get; init; }

    /// <summary>Sequences the engine preempted (recomputed later) when its KV cache ran out; a benchmark replay
    /// counts its whole run.</summary>
    internal long Preemptions { get; init; }

    /// <summary>The largest share of its KV cache the engine held at the start of a step; a benchmark replay's
    /// whole run (0 where not measured).</summary>
    internal double PeakKvShare { get; init; }

    /// <summary>
    /// The mean share of its KV cache an engine held over the window (the engines' mean; idle time holds none, a
    /// preempted sequence none until it runs again): how close the cache, rather than max_num_seqs, came to bounding
    /// the running batch.
    /// </summary>
    public double AverageKvShare { get; init; }

    /// <summary>
    /// Requests that arrived inside the window under a rate-driven load (Poisson, trace), taken by the engine or
    /// still waiting; zero for closed loops. Those completed are <see cref="Requests"/>.
    /// </summary>
    public int ArrivedRequests { get; init; }

    /// <summary>
    /// Of <see cref="ArrivedRequests"/>, those in each whole second of the window, all replicas together: how bursty
    /// the arrivals were (empty for closed loops).
    /// </summary>
    public IReadOnlyList<int> ArrivedEachSecond { get; init; } = [];

    /// <summary>
    /// The rate a rate-driven load states over its whole length, requests per second: poisson:RATE's RATE, a
    /// trace's requests over the span of the part replayed; null for closed loops.
    /// </summary>
    public double? StatedRate { get; init; }

    /// <summary>Whether the load sets the arrival rate (Poisson, trace) rather than closed-loop clients.</summary>
    public bool RateDriven => Load.Kind is LoadKind.Poisson or LoadKind.Trace;

    /// <summary>Energy of the GPUs that serve, over the window (what ML.ENERGY reports).</summary>
    public double ServingEnergyJoules => Gpus.Where(g => g.Serving).Sum(g => g.EnergyJoules);

    /// <summary>Energy of every GPU on the host, idle ones included, over the window.</summary>
    public double HostEnergyJoules => Gpus.Sum(g => g.EnergyJoules);

    /// <summary>Average power of the serving GPUs together.</summary>
    public double ServingAveragePowerWatts => Window > TimeSpan.Zero ? ServingEnergyJoules / Window.TotalSeconds : 0;

    public double OutputTokensPerSecond => Window > TimeSpan.Zero ? GeneratedTokens / Window.TotalSeconds : 0;

    /// <summary>Serving energy per generated token; +∞ when no token was generated.</summary>
    public double EnergyPerTokenJoules =>
        GeneratedTokens > 0 ? ServingEnergyJoules / GeneratedTokens : double.PositiveInfinity;

    public TimeSpan MedianInterTokenLatency => InterTokenLatency.Percentile(0.5);

    /// <summary>
    /// The telemetry NVML would give for GPU <paramref name="gpuIndex"/> of the host during this trial
    /// (virtual time zero = start of warm-up).
    /// </summary>
    public SimulatedGpuTelemetry Telemetry(int gpuIndex, TelemetryOptions? options = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(gpuIndex);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(gpuIndex, Config.HostGpuCount);
        var replica = gpuIndex / Config.TensorParallel;
        var timeline = Feasible && replica < ReplicaTimelines.Count ? ReplicaTimelines[replica] : null;
        return new SimulatedGpuTelemetry(timeline, IdleWatts, options ?? TelemetryOptions.Exact, gpuIndex);
    }

    /// <summary>Why an infeasible configuration could not run, with the kind of cause; null when it ran.</summary>
    public FeasibilityProblem? Problem { get; init; }

    internal static SimulatedTrialResult Infeasible(
        SimulatedServingConfig config,
        LoadSpec load,
        FeasibilityProblem problem,
        TimeSpan warmup,
        TimeSpan window
    ) =>
        new(config, load, false, problem.Text, warmup, window, [], new LatencyHistogram(), [], 0, 0, 0)
        {
            Problem = problem,
        };
}
