using MLEnergy.Profiler.Nvml;
using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Tests.Support;
using MLEnergy.Runtime.Trials;
using MLEnergy.Runtime.Trials.Validity;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Tests.Trials;

/// <summary>
/// Trials on a serving host: a streaming server on loopback, GPUs in memory, and a meter that reads 100 J.
/// </summary>
public sealed class ServingEvaluatorTests : IAsyncLifetime, IDisposable
{
    private static readonly SearchSpace Space = new()
    {
        Name = "serving",
        Target = "server:/spaces/serving.yaml",
        Knobs = [new Knob("power_limit_w", KnobKind.GpuPowerLimit, [KnobValue.Of(400), KnobValue.Of(700)], false)],
        Baseline = Configuration.Of(("power_limit_w", "700")),
    };

    private const int Concurrency = 4;
    private readonly TempFolder _state = new();
    private readonly FakeGpuControl _gpus = new(1);
    private readonly HttpClient _http = OpenAiStreamingClient.CreateHttpClient();
    private FakeOpenAiServer _server = null!;
    private FakeServerHost _host = null!;

    public async Task InitializeAsync()
    {
        _server = await FakeOpenAiServer.StartAsync(TimeSpan.FromMilliseconds(5));
        _host = new FakeServerHost(_server.BaseUrl);
    }

    public async Task DisposeAsync()
    {
        await _host.DisposeAsync();
        await _server.DisposeAsync();
    }

    public void Dispose()
    {
        _http.Dispose();
        _state.Dispose();
    }

    [Fact]
    public async Task ATrialSetsTheGpuKnobsDrivesTheServerAndMeasuresItsWindow()
    {
        var evaluator = Evaluator();

        var observation = await evaluator.EvaluateAsync(Trial("400"), CancellationToken.None);

        observation.Feasible.Should().BeTrue(observation.InfeasibleReason);
        _gpus.Calls.Should().Equal("limit 0 400");
        _host.Launches.Should().Be(1);
        var requests = observation.Metric(MetricNames.Requests)!.Value;
        requests.Should().BeGreaterThan(0);
        observation
            .Metric(MetricNames.RequestThroughput)
            .Should()
            .BeApproximately(requests / 2, 1e-9, "the window is 2 s");
        var perToken = observation.Metric(MetricNames.EnergyPerToken)!.Value;
        var tokensPerSecond = observation.Metric(MetricNames.TokenThroughput)!.Value;
        (perToken * tokensPerSecond * 2).Should().BeApproximately(100, 1e-6, "100 J over the 2 s window");
        observation.Metric(MetricNames.AveragePower).Should().BeApproximately(50, 1e-9);
        observation.Metric(MetricNames.Latency(LatencyMetric.Tpot, Statistic.P99)).Should().BeGreaterThanOrEqualTo(4);
        observation.HostTime.Should().BeGreaterThan(TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task DisposingPutsTheGpuBackClearsTheJournalAndStopsTheServer()
    {
        var evaluator = Evaluator();
        await evaluator.EvaluateAsync(Trial("400"), CancellationToken.None);

        await evaluator.DisposeAsync();

        _gpus.Calls.Should().Equal("limit 0 400", "limit 0 700");
        _host.Disposed.Should().BeTrue();
        _host.Current.Should().BeNull();
        HostJournal.Open(_state.Path).IsEmpty.Should().BeTrue();
    }

    [Fact]
    public async Task WithoutPermissionOnlyTheBaselineGpuSettingIsMeasured()
    {
        _gpus.Refuse = true;
        var evaluator = Evaluator();

        var refused = await evaluator.EvaluateAsync(Trial("400"), CancellationToken.None);
        var asToday = await evaluator.EvaluateAsync(Trial("700"), CancellationToken.None);

        refused.Feasible.Should().BeFalse();
        refused.InfeasibleReason.Should().StartWith("not measured: no permission to change power_limit_w on gpu0");
        asToday.Feasible.Should().BeTrue(asToday.InfeasibleReason);
        _gpus.Calls.Should().BeEmpty();
    }

    [Fact]
    public async Task AServerThatDoesNotStartFailsThatTrialWithItsReasonAndIsStopped()
    {
        _host.FailToStart = "the server did not become healthy within 2 s";
        var evaluator = Evaluator();

        var observation = await evaluator.EvaluateAsync(Trial("700"), CancellationToken.None);

        observation.Feasible.Should().BeFalse();
        observation.InfeasibleReason.Should().Be("the server did not become healthy within 2 s");
        _host.Stops.Should().Be(1);
    }

    [Fact]
    public async Task AServerThatDiesDuringTheTrialFailsItWithTheExitReason()
    {
        _host.DiesWith = "the server exited with code 137 during the trial";
        var evaluator = Evaluator();

        var observation = await evaluator.EvaluateAsync(Trial("700"), CancellationToken.None);

        observation.Feasible.Should().BeFalse();
        observation.InfeasibleReason.Should().Be("the server exited with code 137 during the trial");
        _host.Stops.Should().Be(1);
    }

    [Fact]
    public async Task APowerLimitTheFirmwareClampedIsReadBackAndTheTrialIsRepeatedThenReportedInvalid()
    {
        _gpus.EnforcedFloor = Power.FromWatts(450);
        var evaluator = Evaluator();

        var observation = await evaluator.EvaluateAsync(Trial("400"), CancellationToken.None);

        observation.Invalid.Should().BeTrue(observation.InfeasibleReason);
        observation.Feasible.Should().BeFalse();
        observation
            .InvalidReason.Should()
            .Be("gpu0 power limit not in force: requested 400 W, enforced 450 W (measured 2 times)");
        observation.Metric(MetricNames.PowerLimitRequested).Should().Be(400);
        observation.Metric(MetricNames.PowerLimitEnforced).Should().Be(450);
        observation.Metric(MetricNames.Requests).Should().BeGreaterThan(0, "what was measured is kept");
        _gpus.Calls.Should().Equal("limit 0 400", "limit 0 400");
        SloJudge.Judge(observation, SloParser.ParseAll(["mean tpot<=200ms"]).Primary).Should().Be(SloVerdict.Undecided);
    }

    [Fact]
    public async Task ThermalSlowdownDuringTheWindowIsFlagged()
    {
        _gpus.Throttle = ClockThrottleReasons.SoftwareThermalSlowdown;

        var observation = await Evaluator().EvaluateAsync(Trial("700"), CancellationToken.None);

        // Other gates may flag the same trial on a loaded machine (a 1 s window read a little short); this one must.
        observation.Invalid.Should().BeTrue();
        observation.InvalidReason.Should().Contain("gpu0 slowed itself down (SoftwareThermalSlowdown)");
    }

    [Fact]
    public async Task AWindowShorterThanTheEnergyCounterNeedsIsInvalid()
    {
        var observation = await Evaluator(ValidityThresholds.Default)
            .EvaluateAsync(Trial("700"), CancellationToken.None);

        observation.InvalidReason.Should().StartWith("steady-state window 2 s is shorter than 10 s");
    }

    [Fact]
    public async Task TooFewRequestsForAP99VerdictMakeTheTrialInvalid()
    {
        var observation = await Evaluator(slo: "p99 tpot<=200ms").EvaluateAsync(Trial("700"), CancellationToken.None);

        observation
            .InvalidReason.Should()
            .MatchRegex(@"^the window holds \d+ samples of tpot_p99_ms; its verdict needs");
    }

    [Fact]
    public async Task AnInvalidTrialThatPassesWhenRepeatedIsReportedValidWithItsTemperatures()
    {
        var reads = 0;
        _gpus.Temperature = () => Temperature.FromCelsius(reads++ == 0 ? 120 : 52);

        var observation = await Evaluator().EvaluateAsync(Trial("700"), CancellationToken.None);

        observation.Invalid.Should().BeFalse(observation.InvalidReason);
        observation.Feasible.Should().BeTrue();
        observation.Metric(MetricNames.TemperatureStart).Should().Be(52, "the repeat's start, after 120 °C at first");
        observation.Metric(MetricNames.TemperatureEnd).Should().Be(52);
        observation.Metric(MetricNames.SettleWait).Should().Be(0, "52 °C is not 5 °C over the baseline's 120 °C");
        reads.Should().Be(4, "start and end of two attempts");
    }

    [Fact]
    public async Task ASenderHeldUpOnEverySendFallsBehindItsScheduleAndTheTrialIsInvalidWithThatCause()
    {
        // Each send holds the sender 100 ms before its request goes out: 50 requests a second are due (a 20 ms mean
        // gap) and at most 10 go out, so the requests due in the window go out, or wait, far over 50 ms late.
        using var held = new HttpClient(new HeldSends(TimeSpan.FromMilliseconds(100)));

        var observation = await Evaluator(plan: new PoissonArrivals(50), http: held)
            .EvaluateAsync(Trial("700"), CancellationToken.None);

        observation.Invalid.Should().BeTrue(observation.InfeasibleReason);
        observation
            .InvalidReason.Should()
            .MatchRegex(
                @"^the load generator fell behind its schedule: \d+(\.\d)? % of \d+ requests due in the window "
            )
            .And.Contain("sent over 50 ms late (p99 ")
            .And.Contain("the client machine may be overloaded")
            .And.EndWith("(measured 2 times)");
        observation.Metric(MetricNames.SendLateShare).Should().BeGreaterThan(0.5);
        observation.Metric(MetricNames.SendLatenessP99).Should().BeGreaterThan(100);
    }

    [Fact]
    public async Task AClosedLoopHasNoScheduleToFallBehindAndRecordsNoLateness()
    {
        var observation = await Evaluator().EvaluateAsync(Trial("700"), CancellationToken.None);

        observation.Metric(MetricNames.SendLateShare).Should().BeNull();
        (observation.InvalidReason ?? "").Should().NotContain("fell behind");
    }

    private static TrialRequest Trial(string limit) =>
        new(Configuration.Of(("power_limit_w", limit)), TrialFidelity.Full, 0);

    private ServingEvaluator Evaluator(
        ValidityThresholds? validity = null,
        string slo = "mean tpot<=200ms",
        ArrivalPlan? plan = null,
        HttpClient? http = null
    )
    {
        var settings = new TrialSettings
        {
            Warmup = TimeSpan.FromMilliseconds(200),
            Window = TimeSpan.FromSeconds(1),
            MaxWindow = TimeSpan.FromSeconds(1),
            Drain = TimeSpan.FromSeconds(1),
            Gpus = [0],
            // A 1 s window (energy fixed at 2 s) is enough here; a mean SLO needs no number of samples.
            Validity = validity ?? ValidityThresholds.Default with { MinWindow = TimeSpan.FromSeconds(1) },
        };
        var client = new OpenAiClientOptions(new Uri("http://127.0.0.1/"), "test-model");
        var parts = new ServingParts(
            _host,
            new GpuKnobActuator(_gpus, HostJournal.Open(_state.Path), [0]),
            null,
            _ => new FixedEnergy(_server),
            settings,
            client,
            plan ?? LoadPlanParser.Parse($"concurrency:{Concurrency}"),
            PromptSet.Synthetic(64, (8, 16), (8, 8)),
            http ?? _http,
            TimeProvider.System
        );
        return new ServingEvaluator(parts, Space, SloParser.ParseAll([slo]));
    }

    /// <summary>
    /// A meter that reads 100 J on one GPU over a 2 s window, whatever happened. Its window ends no sooner than the
    /// server has streamed four requests per closed-loop slot to the end since it began: at most one per slot is left
    /// from an earlier attempt's load, at most one per slot was already in flight when it began and at most one per
    /// slot has not yet been read to the end by the client, so at least four requests lie inside the window however
    /// slow the machine (one at a tenth of a CPU finished none in 1 s).
    /// </summary>
    private sealed class FixedEnergy(FakeOpenAiServer server) : IWindowEnergy
    {
        private const int Streams = 4 * Concurrency;
        private int _begun;

        public Task BeginAsync(CancellationToken cancellationToken)
        {
            _begun = server.Streamed;
            return Task.CompletedTask;
        }

        public async Task<WindowEnergy> EndAsync(CancellationToken cancellationToken)
        {
            await Eventually.TrueAsync(() => server.Streamed - _begun >= Streams, $"{Streams} requests in the window");
            return new WindowEnergy(Energy.FromJoules(100), 1, TimeSpan.FromSeconds(2));
        }
    }

    /// <summary>Holds the calling thread, the load's sender, for a while before every request goes out.</summary>
    private sealed class HeldSends(TimeSpan hold) : DelegatingHandler(new SocketsHttpHandler())
    {
        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            Thread.Sleep(hold);
            return base.SendAsync(request, cancellationToken);
        }
    }
}
