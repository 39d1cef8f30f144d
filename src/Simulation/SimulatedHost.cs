using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Load;
using MLEnergy.Simulation.Models;
using MLEnergy.Simulation.Telemetry;

namespace MLEnergy.Simulation;

/// <summary>
/// The simulated serving host: runs one trial of a configuration under a load in virtual time and returns
/// what a load generator and NVML would have measured over the steady-state window.
/// </summary>
public sealed class SimulatedHost
{
    private readonly Func<string, IReadOnlyList<TraceRequest>> readTrace;

    /// <param name="readTrace">Reads the requests of a <c>trace:FILE</c> load; the host owning the trace format gives
    /// it.</param>
    public SimulatedHost(
        GpuCatalog gpus,
        ModelCatalog models,
        EngineCalibration calibration,
        Func<string, IReadOnlyList<TraceRequest>>? readTrace = null
    )
    {
        Gpus = gpus;
        Models = models;
        Calibration = calibration;
        this.readTrace =
            readTrace
            ?? (
                path =>
                    throw new NotSupportedException(
                        $"trace '{path}': this simulated host was built without a trace reader"
                    )
            );
    }

    public GpuCatalog Gpus { get; }

    public ModelCatalog Models { get; }

    public EngineCalibration Calibration { get; }

    /// <summary>A host with the catalogs and constants shipped with the tool.</summary>
    public static SimulatedHost CreateDefault(Func<string, IReadOnlyList<TraceRequest>>? readTrace = null) =>
        new(GpuCatalog.LoadDefault(), ModelCatalog.LoadDefault(), EngineCalibration.LoadDefault(), readTrace);

    /// <summary>Why the configuration cannot run, or null when it can.</summary>
    /// <exception cref="UnknownCatalogEntryException">Unknown model or GPU kind.</exception>
    public string? FindInfeasibility(SimulatedServingConfig config) =>
        FeasibilityCheck.FindProblem(config, Models.Get(config.ModelId), Gpus.Get(config.GpuKind), Calibration, null);

    /// <summary>
    /// Runs one trial: <paramref name="warmup"/> of virtual time, then the measured <paramref name="window"/>,
    /// with LMArena-chat-like request lengths for the model. Impossible configurations come back infeasible
    /// with the reason, never as exceptions.
    /// </summary>
    /// <exception cref="UnknownCatalogEntryException">Unknown model or GPU kind.</exception>
    /// <exception cref="Runtime.Load.LoadSpecException">A trace file that cannot be parsed.</exception>
    public SimulatedTrialResult Run(
        SimulatedServingConfig config,
        LoadSpec load,
        TimeSpan warmup,
        TimeSpan window,
        int seed,
        CancellationToken cancellationToken = default
    ) => Run(config, load, warmup, window, seed, null, cancellationToken);

    /// <summary>Runs one trial with the given request lengths (see the overload without them).</summary>
    /// <param name="lengths">Prompt and output lengths; null = LMArena-chat-like lengths for the model.</param>
    /// <exception cref="UnknownCatalogEntryException">Unknown model or GPU kind.</exception>
    /// <exception cref="Runtime.Load.LoadSpecException">A trace file that cannot be parsed.</exception>
    public SimulatedTrialResult Run(
        SimulatedServingConfig config,
        LoadSpec load,
        TimeSpan warmup,
        TimeSpan window,
        int seed,
        RequestLengthProfile? lengths,
        CancellationToken cancellationToken
    )
    {
        var model = Models.Get(config.ModelId);
        var gpu = Gpus.Get(config.GpuKind);
        var problem = FeasibilityCheck.Find(config, model, gpu, Calibration, load.Workload);
        if (problem is not null)
        {
            return SimulatedTrialResult.Infeasible(config, load, problem, warmup, window);
        }

        lengths ??= load.Workload?.LengthsFor(model) ?? RequestLengthProfile.ChatFor(model);
        var start = warmup.TotalSeconds;
        var end = start + window.TotalSeconds;
        var trace = load.Kind == LoadKind.Trace ? Replayed(readTrace(load.TracePath!), load.Selection, end) : null;
        var cost = CostOf(config, model, gpu, lengths);
        var maxLen = FeasibilityCheck.MaxModelLen(config, model, Calibration, load.Workload);
        var meters = new List<WindowMeter>();
        var timelines = new List<PowerTimeline>();
        for (var replica = 0; replica < config.Replicas; replica++)
        {
            var random = RequestRandom(seed, replica);
            var factory = new RequestFactory(lengths, maxLen, random);
            var arrivals = CreateArrivals(load, config, replica, factory, random, trace);
            if (config.DataParallel > 1)
            {
                var group = DataParallel(config, gpu, cost, arrivals, _ => new WindowMeter(start, end, replica), seed);
                group.RunUntil(end, cancellationToken);
                group.Ranks[0].Meter.Arrived = group.ArrivedBetween(start, end);
                group.Ranks[0].Meter.ArrivedEachSecond = EachSecond(group.ArrivedBetween, start, end);
                meters.AddRange(group.Ranks.Select(r => r.Meter));
                timelines.AddRange(group.Ranks.Select(r => r.Timeline));
                continue;
            }

            var meter = new WindowMeter(start, end, replica);
            var engine = Replica(config, gpu, cost, arrivals, meter, seed, replica);
            engine.RunUntil(end, cancellationToken);
            meter.Arrived = arrivals.ArrivedBetween(start, end);
            meter.ArrivedEachSecond = EachSecond(arrivals.ArrivedBetween, start, end);
            meters.Add(meter);
            timelines.Add(engine.Timeline);
        }

        return Summarize(config, load, warmup, window, gpu, meters, timelines) with
        {
            StatedRate = load.Kind == LoadKind.Poisson ? load.RequestsPerSecond : TraceRate(trace),
        };
    }

    /// <summary>
    /// A replayed trace's requests over its span (its copies end to end, each as long as its last arrival): the rate
    /// its repeats run at on average.
    /// </summary>
    private static double? TraceRate(IReadOnlyList<TraceRequest>? replayed) =>
        replayed is { Count: > 0 } && replayed[^1].TimestampSeconds > 0
            ? replayed.Count / replayed[^1].TimestampSeconds
            : null;

    /// <summary>
    /// Runs the configuration as the ML.ENERGY benchmark ran it (<see cref="BenchmarkProtocol"/>): the request list
    /// sent at once, its steady-state window, inter-token times over the whole run. One replica only.
    /// </summary>
    /// <param name="workload">The task (its maximum sequence length); null = the engine's default.</param>
    /// <exception cref="UnknownCatalogEntryException">Unknown model or GPU kind.</exception>
    /// <exception cref="ArgumentException">Several replicas, or no request.</exception>
    public SimulatedTrialResult RunBenchmark(
        SimulatedServingConfig config,
        BenchmarkProtocol protocol,
        RequestLengthProfile lengths,
        Workload? workload,
        int seed,
        CancellationToken cancellationToken = default
    ) => BenchmarkReplay.Run(this, config, protocol, lengths, workload, seed, cancellationToken);

    /// <summary>What a step of this configuration costs, prompts' vision encoding included.</summary>
    internal StepCostModel CostOf(
        SimulatedServingConfig config,
        ModelArchitecture model,
        GpuKind gpu,
        RequestLengthProfile lengths
    ) => new(model, gpu, Calibration, config.TensorParallel, config.ExpertParallel, lengths.Media, config.DataParallel);

    /// <summary>One replica's requests' random source: the same seed and replica give the same requests.</summary>
    internal static Random RequestRandom(int seed, int replica) =>
        new(unchecked((seed * 1_000_003) + (replica * 7_919) + 0x5EED));

    /// <summary>
    /// One replica's engine: its limits, its GPU's power at the configured clock and limit, its host's stalls (seeded
    /// per replica).
    /// </summary>
    internal ReplicaEngine Replica(
        SimulatedServingConfig config,
        GpuKind gpu,
        StepCostModel cost,
        IArrivalSource arrivals,
        WindowMeter meter,
        int seed,
        int replica
    )
    {
        var limits = new EngineLimits(config.MaxNumSeqs, Calibration.MaxNumBatchedTokens, Calibration.KvBlockTokens);
        var power = new GpuPowerModel(gpu, config.SmClockCapMhz, config.PowerLimitWatts, Calibration.RooflineExponent);
        var stalls = HostStalls.For(
            Calibration,
            gpu,
            config.TensorParallel,
            unchecked((seed * 1_000_003) + (replica * 7_919) + 0x57A11)
        );
        return new ReplicaEngine(cost, power, limits, arrivals, meter, stalls);
    }

    /// <summary>
    /// One replica of data-parallel ranks (<see cref="DataParallelGroup"/>): each rank an engine of its own (seeded as
    /// the engine it is among the host's), with its meter; <paramref name="apiServers"/> API server processes route
    /// its requests, which of them accepts each one drawn from the replica's own seeded stream.
    /// </summary>
    internal DataParallelGroup DataParallel(
        SimulatedServingConfig config,
        GpuKind gpu,
        StepCostModel cost,
        IArrivalSource arrivals,
        Func<int, WindowMeter> meter,
        int seed,
        int replica = 0,
        int apiServers = 1
    ) =>
        new(
            arrivals,
            config.DataParallel,
            (rank, sent) => Replica(config, gpu, cost, sent, meter(rank), seed, (replica * config.DataParallel) + rank),
            apiServers,
            AcceptingServer(apiServers, seed, replica)
        );

    /// <summary>Which of <paramref name="servers"/> API server processes accepts each next request: a seeded draw per
    /// replica (the servers accept on one shared socket, the kernel picks).</summary>
    private static Func<int> AcceptingServer(int servers, int seed, int replica)
    {
        var random = new Random(unchecked((seed * 1_000_003) + (replica * 7_919) + 0xA11CE));
        return () => random.Next(Math.Max(1, servers));
    }

    internal static SimulatedTrialResult Summarize(
        SimulatedServingConfig config,
        LoadSpec load,
        TimeSpan warmup,
        TimeSpan window,
        GpuKind gpu,
        List<WindowMeter> meters,
        List<PowerTimeline> timelines
    )
    {
        var seconds = window.TotalSeconds;
        var histogram = new LatencyHistogram();
        var gpus = new List<GpuWindowEnergy>();
        for (var index = 0; index < config.HostGpuCount; index++)
        {
            var engine = index / config.TensorParallel;
            var joules = engine < meters.Count ? meters[engine].EnergyPerGpuJoules : gpu.Power.IdleWatts * seconds;
            gpus.Add(
                new GpuWindowEnergy(
                    index,
                    engine < meters.Count ? index / config.ReplicaGpuCount : null,
                    joules,
                    seconds > 0 ? joules / seconds : 0
                )
            );
        }

        foreach (var meter in meters)
        {
            histogram.Merge(meter.InterTokenLatency);
        }

        var requests = meters.SelectMany(m => m.Requests).OrderBy(r => r.Arrival + r.EndToEnd).ToList();
        return new SimulatedTrialResult(
            config,
            load,
            true,
            null,
            warmup,
            window,
            requests,
            histogram,
            gpus,
            meters.Sum(m => m.Tokens),
            seconds > 0 ? meters.Sum(m => m.BatchSecondProduct) / seconds : 0,
            seconds > 0 ? meters.Average(m => m.ClockSecondProduct) / seconds : 0
        )
        {
            ReplicaTimelines = timelines,
            IdleWatts = gpu.Power.IdleWatts,
            PeakRunningBatch = meters.Count > 0 ? meters.Max(m => m.PeakRunning) : 0,
            PeakClockMhz = meters.Count > 0 ? meters.Max(m => m.PeakClockMhz) : 0,
            ArrivedRequests = meters.Sum(m => m.Arrived),
            ArrivedEachSecond = EachSecond(meters),
            AverageKvShare =
                seconds > 0 && meters.Count > 0 ? meters.Average(m => m.KvShareSecondProduct) / seconds : 0,
            InterTokenSamples = [.. meters.SelectMany(m => m.InterTokenSamples)],
        };
    }

    /// <summary>Arrivals in each whole second of [start, end) (a last part second dropped).</summary>
    private static int[] EachSecond(Func<double, double, int> arrivedBetween, double start, double end) =>
        [.. Enumerable.Range(0, (int)Math.Floor(end - start)).Select(i => arrivedBetween(start + i, start + i + 1))];

    private static int[] EachSecond(List<WindowMeter> meters) =>
        [
            .. Enumerable
                .Range(0, meters.Count == 0 ? 0 : meters.Max(m => m.ArrivedEachSecond.Length))
                .Select(i => meters.Sum(m => m.ArrivedEachSecond.Length > i ? m.ArrivedEachSecond[i] : 0)),
        ];

    /// <summary>
    /// The selected part of a trace at the selected rate, repeated end to end (1 ms apart) until
    /// <paramref name="until"/>, as the served load generator replays it.
    /// </summary>
    private static List<TraceRequest> Replayed(
        IReadOnlyList<TraceRequest> trace,
        TraceSelection selection,
        double until
    )
    {
        List<TraceRequest> once =
        [
            .. selection
                .Select([.. trace.Select(r => r.TimestampSeconds)])
                .Select(s => trace[s.Index] with { TimestampSeconds = s.Seconds }),
        ];
        var replayed = new List<TraceRequest>(once);
        var length = once.Count > 0 ? once[^1].TimestampSeconds + 0.001 : double.PositiveInfinity;
        for (var offset = length; once.Count > 0 && offset <= until; offset += length)
        {
            replayed.AddRange(once.Select(r => r with { TimestampSeconds = r.TimestampSeconds + offset }));
        }

        return replayed;
    }

    private static IArrivalSource CreateArrivals(
        LoadSpec load,
        SimulatedServingConfig config,
        int replica,
        RequestFactory factory,
        Random random,
        IReadOnlyList<TraceRequest>? trace
    )
    {
        var replicas = config.Replicas;
        return load.Kind switch
        {
            LoadKind.Saturate => new SaturatingArrivals(factory, config.MaxNumSeqs),
            LoadKind.Poisson => new PoissonArrivals(factory, load.RequestsPerSecond / replicas, random),
            LoadKind.Concurrency => new ClosedLoopArrivals(
                factory,
                (load.Concurrency / replicas) + (replica < load.Concurrency % replicas ? 1 : 0)
            ),
            _ => new TraceArrivals([.. trace!.Where((_, i) => i % replicas == replica).Select(factory.FromTrace)]),
        };
    }
}
