using System.Threading.Channels;
using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Load;
using MLEnergy.Simulation.Telemetry;

namespace MLEnergy.Simulation.Http;

/// <summary>
/// The engine run in (scaled) wall-clock time for real requests: each step's tokens are released when the
/// wall clock reaches the step's end in virtual time; with nothing to do, it waits for a request.
/// </summary>
internal sealed class LiveEngine : ITokenObserver, IDisposable
{
    private readonly Lock gate = new();
    private (int Batch, int Waiting, double KvShare) afterStep;
    private (int Batch, int Waiting, double KvShare) published;
    private readonly ReplicaEngine engine;
    private readonly ExternalArrivals arrivals = new();
    private readonly Dictionary<long, Channel<TokenEvent>> streams = [];
    private readonly List<(long Id, TokenEvent Token, double Time)> released = [];
    private readonly ServingStats stats = new();
    private readonly SimulatedGpuSettings[] settings;
    private readonly double rooflineExponent;
    private readonly SemaphoreSlim wake = new(0);
    private readonly TimeProvider time;
    private readonly double timeScale;
    private readonly long startTimestamp;
    private long nextId;

    public LiveEngine(SimulatedHost host, SimServerOptions options, TimeProvider time)
    {
        var model = host.Models.Get(options.ModelId);
        Gpu = host.Gpus.Get(options.GpuKind);
        var config = new SimulatedServingConfig(
            options.ModelId,
            options.GpuKind,
            options.TensorParallel,
            1,
            options.MaxNumSeqs,
            options.SmClockCapMhz,
            options.PowerLimitWatts,
            options.TensorParallel
        );
        var problem = host.FindInfeasibility(config);
        if (problem is not null)
        {
            throw new ArgumentException($"cannot serve this configuration: {problem}", nameof(options));
        }

        var cost = new StepCostModel(model, Gpu, host.Calibration, options.TensorParallel);
        var limits = new EngineLimits(
            options.MaxNumSeqs,
            host.Calibration.MaxNumBatchedTokens,
            host.Calibration.KvBlockTokens
        );
        var power = new GpuPowerModel(
            Gpu,
            options.SmClockCapMhz,
            options.PowerLimitWatts,
            host.Calibration.RooflineExponent
        );
        settings =
        [
            .. Enumerable.Repeat(
                new SimulatedGpuSettings(options.SmClockCapMhz, options.PowerLimitWatts),
                options.TensorParallel
            ),
        ];
        rooflineExponent = host.Calibration.RooflineExponent;
        engine = new ReplicaEngine(
            cost,
            power,
            limits,
            arrivals,
            new WindowMeter(0, double.PositiveInfinity, 0),
            HostStalls.For(host.Calibration, Gpu, options.TensorParallel, options.Seed),
            this
        );
        Lengths = RequestLengthProfile.ChatFor(model);
        MaxModelLen = Math.Min(host.Calibration.MaxModelLen, model.MaxPositionEmbeddings);
        this.time = time;
        timeScale = options.TimeScale;
        startTimestamp = time.GetTimestamp();
    }

    public GpuKind Gpu { get; }

    /// <summary>The longest prompt plus output a request may ask for (vLLM's <c>max_model_len</c>).</summary>
    public int MaxModelLen { get; }

    public RequestLengthProfile Lengths { get; }

    public PowerTimeline Timeline => engine.Timeline;

    public long GeneratedTokens { get; private set; }

    public long CompletedRequests { get; private set; }

    public int Running
    {
        get
        {
            lock (gate)
            {
                return engine.Running + arrivals.Count;
            }
        }
    }

    /// <summary>
    /// vLLM's running, waiting and KV cache gauges: the batch, the queue and the cache as the last step to end left
    /// them. vLLM's scheduler makes its stats after it has taken that step's output (requests that finished in it have
    /// left the batch, and requests that arrived since are not yet counted), and they stand until the next step ends;
    /// so a request finished in a step leaves the batch when that step's tokens are out, not while it runs, and with
    /// every slot freed at once the gauge reads 0 running through the next step, as vLLM's does.
    /// </summary>
    public (int Batch, int Waiting, double KvShare) Occupancy
    {
        get
        {
            lock (gate)
            {
                return published;
            }
        }
    }

    /// <summary>How many GPUs the replica spans (the tensor-parallel degree), each with its own settings.</summary>
    public int GpuCount => settings.Length;

    public SimulatedGpuSettings GpuSettings(int gpu)
    {
        lock (gate)
        {
            return settings[gpu];
        }
    }

    /// <summary>
    /// Changes one GPU's clock cap and power limit while serving: the engine's next step runs under them. The replica's
    /// GPUs run in lockstep, so the lowest cap and the lowest limit among them govern every step.
    /// </summary>
    /// <returns>Why the GPU does not accept the settings (nothing changed); null when they are in force.</returns>
    public string? SetGpuSettings(int gpu, SimulatedGpuSettings wanted)
    {
        var clocks = Gpu.SmClock;
        if (wanted.SmClockCapMhz is { } cap && cap < clocks.MinMhz)
        {
            return $"an SM clock cap of {cap} MHz is below {Gpu.Id}'s lowest clock ({clocks.MinMhz} MHz)";
        }

        if (wanted.PowerLimitWatts is { } watts && (!double.IsFinite(watts) || !Gpu.PowerLimit.Contains(watts)))
        {
            return FormattableString.Invariant($"a power limit of {watts} W is outside {Gpu.Id}'s range ")
                + FormattableString.Invariant($"{Gpu.PowerLimit.MinWatts}-{Gpu.PowerLimit.MaxWatts} W");
        }

        lock (gate)
        {
            settings[gpu] = wanted;
            var caps = settings.Select(s => s.SmClockCapMhz).OfType<int>().ToList();
            var limits = settings.Select(s => s.PowerLimitWatts).OfType<double>().ToList();
            engine.Gpu = new GpuPowerModel(
                Gpu,
                caps.Count > 0 ? caps.Min() : null,
                limits.Count > 0 ? limits.Min() : null,
                rooflineExponent
            );
        }

        return null;
    }

    /// <summary>Reads the request counters and latency histograms under the engine's lock.</summary>
    public T ReadStats<T>(Func<ServingStats, T> reader)
    {
        lock (gate)
        {
            return reader(stats);
        }
    }

    /// <summary>Virtual seconds since the server started.</summary>
    public double VirtualNow => time.GetElapsedTime(startTimestamp).TotalSeconds * timeScale;

    /// <summary>Queues a request; its tokens arrive on the returned channel.</summary>
    public (long Id, ChannelReader<TokenEvent> Tokens) Submit(int promptTokens, int outputTokens, string finishReason)
    {
        var channel = Channel.CreateUnbounded<TokenEvent>(
            new UnboundedChannelOptions { SingleReader = true, SingleWriter = true }
        );
        long id;
        lock (gate)
        {
            id = nextId++;
            streams[id] = channel;
            var arrival = Math.Max(VirtualNow, engine.Now);
            arrivals.Add(new PendingRequest(id, arrival, promptTokens, outputTokens));
            stats.Arrived(id, arrival, promptTokens, finishReason);
        }

        wake.Release();
        return (id, channel.Reader);
    }

    /// <summary>Aborts a request whose client went away: it leaves the queue or the batch, its slot freed.</summary>
    public void Cancel(long id)
    {
        lock (gate)
        {
            if (!streams.Remove(id, out var channel))
            {
                return;
            }

            channel.Writer.TryComplete();
            stats.Aborted(id);
            if (!arrivals.Remove(id))
            {
                engine.Abort(id);
            }

            AbortedRequests++;
        }

        wake.Release();
    }

    public long AbortedRequests { get; private set; }

    /// <summary>Reads energy and power of the replica's GPUs at the current virtual time.</summary>
    public T Read<T>(Func<PowerTimeline, double, T> reader)
    {
        lock (gate)
        {
            return reader(engine.Timeline, VirtualNow);
        }
    }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        try
        {
            await Loop(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested) { }
        finally
        {
            lock (gate)
            {
                foreach (var channel in streams.Values)
                {
                    channel.Writer.TryComplete(new OperationCanceledException("the simulated server is shutting down"));
                }

                streams.Clear();
            }
        }
    }

    private async Task Loop(CancellationToken cancellationToken)
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            bool stepped;
            double stepEnd;
            lock (gate)
            {
                if (engine.Running == 0)
                {
                    engine.Idle(Math.Max(engine.Now, VirtualNow));
                }

                stepped = engine.Running > 0 || arrivals.Count > 0;
                if (stepped)
                {
                    engine.Step(double.PositiveInfinity);
                }

                afterStep = (engine.Running, arrivals.Count, engine.KvShare);
                stepEnd = engine.Now;
                if (!stepped)
                {
                    // Nothing runs and nothing waits: an idle engine's gauges read empty.
                    published = afterStep;
                }
            }

            if (!stepped)
            {
                await wake.WaitAsync(cancellationToken).ConfigureAwait(false);
                continue;
            }

            var wait = TimeSpan.FromSeconds((stepEnd - VirtualNow) / timeScale);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait, time, cancellationToken).ConfigureAwait(false);
            }

            Release();
        }
    }

    public void Dispose() => wake.Dispose();

    void ITokenObserver.OnToken(long requestId, double time, int tokenIndex, bool last) =>
        released.Add((requestId, new TokenEvent(tokenIndex, last), time));

    private void Release()
    {
        lock (gate)
        {
            foreach (var (id, token, at) in released)
            {
                stats.Token(id, at, token.Last);
                if (!streams.TryGetValue(id, out var channel))
                {
                    continue;
                }

                channel.Writer.TryWrite(token);
                GeneratedTokens++;
                if (token.Last)
                {
                    channel.Writer.TryComplete();
                    streams.Remove(id);
                    CompletedRequests++;
                }
            }

            released.Clear();

            // The step's stats are out with its tokens (vLLM sets its gauges from the output of each step).
            published = afterStep;
        }
    }
}
