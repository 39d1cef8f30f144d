using System.Collections.Immutable;
using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Servers;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Trials.Validity;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Trials;

/// <summary>
/// Trials on a real serving host: apply the configuration (relaunching the server only when a server knob changed,
/// setting GPU clocks and power limits), warm up, measure a steady-state window extended while the SLO is undecided,
/// and build the observation; the validity gates then check the trial (window, samples, running batch, GPU settings
/// read back, power and temperature), and an invalid trial is measured once more before it is reported as invalid. A
/// server that dies or never starts fails that trial with the reason; the run goes on. On dispose every GPU setting is
/// restored and the server stopped.
/// </summary>
public sealed class ServingEvaluator(ServingParts parts, SearchSpace space, ServiceLevelObjective slo)
    : ILoadLevelEvaluator,
        IAsyncDisposable
{
    private static readonly TimeSpan Watch = TimeSpan.FromMilliseconds(100);
    private readonly GpuProbe? _probe = parts.Gpus is { IsDryRun: false } gpus
        ? new GpuProbe(gpus.Control, gpus.Gpus, parts.Time)
        : null;
    private readonly ServingTrialEvidence _evidence = new(space, parts.Plan, slo, parts.Settings);
    private string? _gpuDenied;

    public string Description => $"serving host: {parts.Servers.Describe()}, {parts.Plan.Describe()}";

    /// <summary>What a trial on a serving host measures, known before the host is opened.</summary>
    public static IReadOnlyCollection<string> Measured { get; } =
        ObservationBuilder.StreamedLlmMetrics.Union([
            MetricCatalogue.RequestsFailed.Name,
            MetricCatalogue.EnergyPerTokenLow.Name,
            MetricCatalogue.EnergyPerTokenHigh.Name,
            MetricCatalogue.OutputTokensEstimatedShare.Name,
            .. MetricCatalogue.LlmLatencies.SelectMany(f => f.EarlyStoppingMembers).Select(m => m.Name),
        ]);

    public IReadOnlyCollection<string> MetricNames => Measured;

    public IServerHost Servers => parts.Servers;

    /// <summary>Trials at another rate on the same server and GPUs; not to be disposed (this one restores them).
    /// </summary>
    public IEvaluator AtRate(double requestsPerSecond) =>
        new ServingEvaluator(parts with { Plan = new PoissonArrivals(requestsPerSecond, 0) }, space, slo);

    public Task<Observation> EvaluateAsync(TrialRequest request, CancellationToken cancellationToken) =>
        InvalidTrialRepeat.RunAsync(
            (_, token) => EvaluateOnceAsync(request, token),
            parts.Settings.Validity,
            cancellationToken
        );

    private async Task<Observation> EvaluateOnceAsync(TrialRequest request, CancellationToken cancellationToken)
    {
        var started = parts.Time.GetTimestamp();
        var configuration = request.Configuration;
        try
        {
            parts.Report($"preparing the server for {configuration.Key}");
            var server = await parts.Servers.EnsureAsync(configuration, cancellationToken);
            if (parts.Gpus is not null)
            {
                parts.Report("setting the GPU knobs");
            }
            if (ApplyGpuKnobs(configuration) is { } refused)
            {
                return Observation.Infeasible(configuration, refused);
            }

            if (_probe is not null)
            {
                parts.Report("waiting for the GPUs to settle to the baseline's temperature");
            }

            var (temperatures, waited) = _probe is null
                ? ([], TimeSpan.Zero)
                : await _probe.SettleAsync(parts.Settings.Validity, cancellationToken);
            var saturating = _evidence.Saturating(configuration);
            var trial = new WindowPlan(configuration, request.Fidelity, temperatures, saturating)
            {
                Deadline = request.HostTimeLeft is { } left
                    ? started + (long)(left.TotalSeconds * parts.Time.TimestampFrequency)
                    : null,
            };
            var windows = new List<WindowResult>();
            for (var i = 0; i < Math.Max(1, parts.Settings.Repetitions); i++)
            {
                windows.Add(await RunWindowAsync(server, trial, cancellationToken));
            }

            var observation = TrialObservation.Build(configuration, windows, slo, parts.Settings) with
            {
                Fidelity = request.Fidelity,
                HostTime = parts.Time.GetElapsedTime(started),
            };
            var evidence = _evidence.Of(configuration, windows, waited, _probe is not null);
            var validity = ValidityGates.Check(evidence, parts.Settings.Validity, GpuPowerBounds.Default);
            return ValidityRecord.Apply(observation, evidence, validity);
        }
        catch (Exception e) when (e is ServerStartException or ServerDiedException or HttpRequestException)
        {
            if (e is HttpRequestException && parts.Servers.Current is { } current)
            {
                // A refused connection is most often a server on its way out: give it a moment to be seen exiting.
                for (var i = 0; i < 20 && current.ExitReason is null; i++)
                {
                    await Task.Delay(TimeSpan.FromMilliseconds(100), CancellationToken.None);
                }
            }

            var reason =
                e is HttpRequestException && parts.Servers.Current is { ExitReason: { } died } ? died
                : e is HttpRequestException ? $"cannot read the server's energy counter: {e.Message}"
                : e.Message;
            var cause = e switch
            {
                ServerStartException => ServerFailureCause.Of(reason, started: false),
                ServerDiedException => ServerFailureCause.Of(reason, started: true),
                _ when parts.Servers.Current is { ExitReason: not null } => ServerFailureCause.Of(reason, true),
                _ => Infeasibility.Unknown,
            };
            await parts.Servers.StopAsync(CancellationToken.None);
            return Observation.Infeasible(configuration, reason, cause) with
            {
                HostTime = parts.Time.GetElapsedTime(started),
            };
        }
    }

    public void Attach(RunFolder folder) => parts.Servers.LogDirectory = folder.Path;

    public IReadOnlyList<string> DescribeChanges(IReadOnlyList<Configuration> configurations)
    {
        using var lines = new StringWriter();
        var preview = parts.PreviewGpus?.Invoke(lines);
        var gpuKnobs = space.Knobs.Where(k => k.Kind is KnobKind.GpuSmClockCap or KnobKind.GpuPowerLimit).ToList();
        Configuration? previous = null;
        foreach (var configuration in configurations)
        {
            lines.WriteLine($"trial {configuration.Key}:");
            lines.WriteLine(parts.Servers.DescribeStep(configuration, previous));
            previous = configuration;
            preview?.Apply(gpuKnobs, configuration);
        }

        return
        [
            .. lines
                .ToString()
                .Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.StartsWith("would", StringComparison.Ordinal) ? "  " + l : l),
        ];
    }

    public async Task<OutputCheck> VerifyOutputsAsync(
        Configuration baseline,
        Configuration recommended,
        CancellationToken cancellationToken
    )
    {
        async Task<ImmutableArray<string>> OnAsync(Configuration configuration)
        {
            var server = await parts.Servers.EnsureAsync(configuration, cancellationToken);
            ApplyGpuKnobs(configuration);
            return await OutputVerifier.GenerateAsync(parts.Http, parts.Client, server, parts.Time, cancellationToken);
        }

        var before = await OnAsync(baseline);
        var after = await OnAsync(recommended);
        return OutputVerifier.Compare(before, after);
    }

    /// <summary>
    /// After disposal: why GPU settings could not be put back and where they are kept; empty when all were.
    /// </summary>
    public IReadOnlyList<string> LeftChanged { get; private set; } = [];

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (parts.Gpus is { } gpus)
            {
                var lines = gpus.Restore();
                if (gpus.StillJournaled.Count is var left and > 0)
                {
                    LeftChanged =
                    [
                        .. lines,
                        $"{CountText.Of(left, "GPU setting")} could not be put back; they stay in "
                            + $"{gpus.JournalPath}: run 'mlenergy restore' once the cause is fixed",
                    ];
                }
            }
        }
        finally
        {
            await parts.Servers.DisposeAsync();
        }
    }

    private string? ApplyGpuKnobs(Configuration configuration)
    {
        if (parts.Gpus is null)
        {
            return null;
        }

        var gpuKnobs = space.Knobs.Where(k => k.Kind is KnobKind.GpuSmClockCap or KnobKind.GpuPowerLimit).ToList();
        if (_gpuDenied is not null)
        {
            var asToday =
                space.Baseline is { } baseline && gpuKnobs.All(k => configuration[k.Name].Equals(baseline[k.Name]));
            return asToday ? null : $"not measured: {_gpuDenied}";
        }

        try
        {
            parts.Gpus.Apply(gpuKnobs, configuration);
            return null;
        }
        catch (GpuRangeException e)
        {
            return e.Message;
        }
        catch (GpuPermissionException e) when (gpuKnobs.Any(k => !k.IsPinned))
        {
            // Carry on with the knobs that may change; configurations needing another GPU setting are skipped.
            _gpuDenied = e.Message;
            return $"not measured: {e.Message}";
        }
    }

    private sealed record WindowPlan(
        Configuration Configuration,
        TrialFidelity Fidelity,
        System.Collections.Immutable.ImmutableArray<Temperature> StartTemperatures,
        bool Saturating
    )
    {
        /// <summary>
        /// When the run's host-time budget ends (a <see cref="TimeProvider"/> timestamp); null: no budget.
        /// </summary>
        public long? Deadline { get; init; }
    }

    private async Task<WindowResult> RunWindowAsync(
        IServingServer server,
        WindowPlan trial,
        CancellationToken cancellationToken
    )
    {
        var settings = parts.Settings;
        var client = new OpenAiStreamingClient(parts.Http, parts.Client with { BaseUrl = server.BaseUrl }, parts.Time);
        await using var run = LoadRun.Start(client, parts.Plan, parts.Prompts, parts.Time, cancellationToken);
        parts.Report($"warming up for {Seconds(settings.Warmup)}");
        await WatchAsync(server, settings.Warmup, cancellationToken);
        var energy = parts.Energy(server);
        await energy.BeginAsync(cancellationToken);
        var start = run.Elapsed;
        using var stopGauge = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var gauge =
            trial.Saturating || _evidence.RateDriven
                ? new RunningBatchGauge(parts.Http, new Uri(server.BaseUrl, "metrics"), parts.Time).SampleAsync(
                    stopGauge.Token
                )
                : Task.FromResult<ServerBatch?>(null);
        WindowEnergy measured;
        TimeSpan end;
        SendLateness lateness;
        try
        {
            await WatchWindowAsync(server, run, start, trial, cancellationToken);
            measured = await energy.EndAsync(cancellationToken);
            end = run.Elapsed;
            lateness = SendLateness.Of(run.Sends(), parts.Plan.DueTimes(), start, end, LateBound);
        }
        finally
        {
            await stopGauge.CancelAsync();
        }

        var running = await gauge;
        var (limit, cap) = _evidence.Requested(trial.Configuration);
        var gpus = _probe?.ReadBack(
            limit,
            cap,
            trial.StartTemperatures,
            _ =>
                measured.Elapsed > TimeSpan.Zero && measured.Gpus > 0
                    ? Power.FromWatts(measured.Energy.Per(measured.Elapsed).Watts / measured.Gpus)
                    : null
        );
        var records = await run.StopAsync(settings.Drain);
        ThrowIfDied(server);
        var window = WindowResult.Cut(records, start, end, measured, run.Offered());
        return window with
        {
            Offered = window.Offered is { } offered ? offered with { LoadRate = parts.Plan.StatedRate } : null,
            RunningBatch = running?.Running ?? WindowResult.InFlight(records, start, end),
            PeakRunningBatch = running?.PeakRunning,
            RunningBatchSource = running is null ? "the load generator's requests in flight" : RunningBatchGauge.Metric,
            ServerWaiting = running?.Waiting,
            KvShare = running?.KvShare,
            Gpus = gpus ?? [],
            Lateness = _evidence.RateDriven ? lateness : null,
        };
    }

    /// <summary>How late a request of this load may go out before it counts as late (the load schedule gate).</summary>
    private TimeSpan LateBound => SendLateness.BoundFor(parts.Plan.StatedRate, parts.Settings.Validity);

    /// <summary>The window, then doublings of it while the SLO is undecided, up to the longest window.</summary>
    private async Task WatchWindowAsync(
        IServingServer server,
        LoadRun run,
        TimeSpan start,
        WindowPlan trial,
        CancellationToken cancellationToken
    )
    {
        var settings = parts.Settings;
        var longest = Longest(trial);
        var window = trial.Fidelity == TrialFidelity.Screening ? settings.Window / 2 : settings.Window;
        window = Min(window, longest);
        parts.Report($"measuring a {Seconds(window)} window");
        await WatchAsync(server, window, cancellationToken);
        while (run.Elapsed - start < longest)
        {
            var now = run.Elapsed;
            var inside = run.Finished().Where(r => WindowResult.Finished(r, start, now) && r.Succeeded).ToList();
            var verdicts = SloVerdicts.Judge(Profiler.Latency.LatencySummary.From(inside), slo, settings);
            if (SloVerdicts.AllDecided(verdicts))
            {
                break;
            }

            // Doubling the window at each look keeps the looks few (TrialSettings.PlannedLooks).
            var more = Min(now - start, longest - (now - start));
            parts.Report($"SLO verdict undecided after {Seconds(now - start)}: measuring {Seconds(more)} more");
            await WatchAsync(server, more, cancellationToken);
        }
    }

    /// <summary>
    /// The longest window this trial may measure: the settings' longest, cut so that the window and the drain after it
    /// end by the run's host-time budget (at least a second is measured).
    /// </summary>
    private TimeSpan Longest(WindowPlan trial)
    {
        var settings = parts.Settings;
        if (trial.Deadline is not { } deadline)
        {
            return settings.MaxWindow;
        }

        var left = parts.Time.GetElapsedTime(parts.Time.GetTimestamp(), deadline) - settings.Drain;
        return Max(TimeSpan.FromSeconds(1), Min(settings.MaxWindow, left));
    }

    private async Task WatchAsync(IServingServer server, TimeSpan duration, CancellationToken cancellationToken)
    {
        var until = parts.Time.GetTimestamp() + (long)(duration.TotalSeconds * parts.Time.TimestampFrequency);
        while (parts.Time.GetTimestamp() < until)
        {
            ThrowIfDied(server);
            await Task.Delay(
                Min(Watch, parts.Time.GetElapsedTime(parts.Time.GetTimestamp(), until)),
                parts.Time,
                cancellationToken
            );
        }

        ThrowIfDied(server);
    }

    private static void ThrowIfDied(IServingServer server)
    {
        if (server.ExitReason is { } reason)
        {
            throw new ServerDiedException(reason);
        }
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) =>
        a < b ? (a > TimeSpan.Zero ? a : TimeSpan.Zero) : (b > TimeSpan.Zero ? b : TimeSpan.Zero);

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;

    /// <summary>A span as a person reads it in a status line: whole seconds.</summary>
    private static string Seconds(TimeSpan span) =>
        span.TotalSeconds.ToString("0", System.Globalization.CultureInfo.InvariantCulture) + " s";
}
