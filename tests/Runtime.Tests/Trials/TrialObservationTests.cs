using MLEnergy.Profiler.Latency;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Trials;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Tests.Trials;

public sealed class TrialObservationTests
{
    private static readonly ServiceLevelObjective P99Tpot = SloParser.ParseAll(["200ms"]);
    private static readonly Configuration Config = Configuration.Of(("max_num_seqs", "64"));

    private static WindowResult Window(int requests, double tpotMs, double joules = 100)
    {
        var records = Enumerable
            .Range(0, requests)
            .Select(i => new RequestRecord(
                TimeSpan.FromMilliseconds(i),
                TimeSpan.FromMilliseconds(i + 50 + (9 * tpotMs)),
                TimeSpan.FromMilliseconds(50),
                [.. Enumerable.Repeat(TimeSpan.FromMilliseconds(tpotMs), 9)],
                10
            ))
            .ToList();
        return new WindowResult(
            records,
            requests * 10L,
            0,
            new WindowEnergy(Energy.FromJoules(joules), 2, TimeSpan.FromSeconds(10))
        );
    }

    [Fact]
    public void AServedWindowThatFinishesFarFewerRequestsThanWereDueIsInfeasibleWithTheNumbers()
    {
        // 40 requests due over the 10 s window (4 req/s), 12 finished in it: the queue grew by 28.
        var records = Enumerable
            .Range(0, 12)
            .Select(i => new RequestRecord(
                TimeSpan.FromSeconds(i * 0.5),
                TimeSpan.FromSeconds((i * 0.5) + 1),
                TimeSpan.FromMilliseconds(50),
                [.. Enumerable.Repeat(TimeSpan.FromMilliseconds(20), 9)],
                10
            ))
            .ToList();
        var due = Enumerable.Range(0, 40).Select(i => TimeSpan.FromSeconds(0.01 + (i * 0.25))).ToList();
        var window = WindowResult.Cut(
            records,
            TimeSpan.Zero,
            TimeSpan.FromSeconds(10),
            new WindowEnergy(Energy.FromJoules(100), 1, TimeSpan.FromSeconds(10)),
            due
        );

        var observation = TrialObservation.Build(Config, [window], P99Tpot, new TrialSettings());

        window.Offered.Should().BeEquivalentTo(new OfferedLoad(40, 12) { EachSecond = [.. Enumerable.Repeat(4, 10)] });
        observation.Feasible.Should().BeFalse();
        observation
            .InfeasibleReason.Should()
            .Be("cannot keep up: served 1.2 requests/s of 4.0 offered; queue grew by 28 requests in the window");
        observation.Metric("offered_requests_per_s").Should().Be(4);
    }

    [Fact]
    public void AWindowHoldsEveryRequestThatFinishedInsideItWheneverItStarted()
    {
        // Requests of 4 s, one a second from -3 s: ten finish inside (0, 10 s], the first three of them and their
        // 40-token outputs started before it; those after 6 s finish after it. Ten were due inside it.
        var records = Enumerable
            .Range(-3, 14)
            .Select(i => new RequestRecord(
                TimeSpan.FromSeconds(i),
                TimeSpan.FromSeconds(i + 4),
                TimeSpan.FromMilliseconds(50),
                [.. Enumerable.Repeat(TimeSpan.FromMilliseconds(20), 9)],
                i < 0 ? 40 : 10
            ))
            .ToList();
        var window = WindowResult.Cut(
            records,
            TimeSpan.Zero,
            TimeSpan.FromSeconds(10),
            new WindowEnergy(Energy.FromJoules(100), 1, TimeSpan.FromSeconds(10)),
            [.. records.Select(r => r.Start)]
        );

        var observation = TrialObservation.Build(Config, [window], P99Tpot, new TrialSettings());

        window.Requests.Select(r => r.Start.TotalSeconds).Should().Equal(-3, -2, -1, 0, 1, 2, 3, 4, 5, 6);
        window.Offered!.Finished.Should().Be(10);
        observation.Metric("requests").Should().Be(10);
        observation.Metric("throughput_requests_per_s").Should().BeApproximately(1.0, 1e-12);
        observation.Metric("e2e_p50_ms").Should().Be(4000);
        observation
            .Metric("energy_per_request_j")
            .Should()
            .BeApproximately(observation.Metric("energy_per_token_j")!.Value * 19, 1e-9, "(3 × 40 + 7 × 10) / 10");
    }

    [Fact]
    public void AServedTrialRecordsTheRateItsLoadStates()
    {
        // Poisson at 3 req/s states 3; a trace of 4 requests whose last is due at 2 s, 2; a closed loop none.
        var trace = new TraceArrivals(
            [.. Enumerable.Range(1, 4).Select(i => new TraceEntry(TimeSpan.FromSeconds(i * 0.5), new Prompt("p", 8)))],
            "t"
        );
        new PoissonArrivals(3).StatedRate.Should().Be(3);
        trace.StatedRate.Should().Be(2);
        new ClosedLoopArrivals(4).StatedRate.Should().BeNull();

        var builder = new ObservationBuilder().Offered(40, 40, TimeSpan.FromSeconds(10), [], loadRate: 3);

        builder.Metrics.Should().Contain("load_requests_per_s", 3).And.Contain("offered_requests_per_s", 4);
    }

    [Fact]
    public void AClosedLoopWindowHasNoOfferedLoad() =>
        WindowResult
            .Cut(
                [],
                TimeSpan.Zero,
                TimeSpan.FromSeconds(1),
                new WindowEnergy(Energy.Zero, 1, TimeSpan.FromSeconds(1)),
                []
            )
            .Offered.Should()
            .BeNull();

    [Fact]
    public void AFastConfigurationWithEnoughRequestsMeetsP99()
    {
        var observation = TrialObservation.Build(Config, [Window(700, 20)], P99Tpot, new TrialSettings());

        observation.Verdicts["tpot_p99_ms"].Should().Be(SloVerdict.Met);
        observation.Metric("energy_per_token_j").Should().BeApproximately(100.0 / 7000, 1e-12);
        observation.Metric("avg_power_w").Should().BeApproximately(10, 1e-9, "both serving GPUs together");
        observation.Metric("throughput_tokens_per_s").Should().BeApproximately(700, 1e-9);
        observation.Metric("tpot_p99_ms_early_stopping").Should().BeApproximately(20, 1e-9);
    }

    [Fact]
    public void AServedTensorParallelTwoTrialReportsThePowerOfBothGpusAndThePerGpuPowerBeside()
    {
        // 100 J over 10 s on the two GPUs serving a TP=2 model: 10 W together, 5 W each.
        var observation = TrialObservation.Build(Config, [Window(500, 20)], P99Tpot, new TrialSettings());

        observation.Metric("avg_power_w").Should().BeApproximately(10, 1e-9);
        observation.Metric("avg_power_per_gpu_w").Should().BeApproximately(5, 1e-9);
        observation
            .Metric("throughput_tokens_per_s")
            .Should()
            .BeApproximately(500, 1e-9, "counted, not derived from power");
    }

    [Fact]
    public void TheReportOfAServedTensorParallelTwoBaselineShowsItsMeasuredThroughput()
    {
        var recommended = Configuration.Of(("max_num_seqs", "128"));
        var space = new SearchSpace
        {
            Name = "tp2",
            Target = "http://localhost:8000",
            Knobs = [new Knob("max_num_seqs", KnobKind.ServerBatchSize, [KnobValue.Of(64), KnobValue.Of(128)], true)],
            Baseline = Config,
        };
        Observation[] trials =
        [
            TrialObservation.Build(Config, [Window(700, 20)], P99Tpot, new TrialSettings()),
            TrialObservation.Build(recommended, [Window(700, 20, joules: 50)], P99Tpot, new TrialSettings()),
        ];
        var run = new TuningRun(trials, 2, 2, "grid", "done", 0);

        var at = DateTimeOffset.UnixEpoch;
        var model = ReportModel.From(TuningResult.From(space, P99Tpot, "served", run, at, at));

        // 7000 tokens in 10 s on two GPUs: 700 tokens/s, whatever the power per GPU (5 W) would suggest.
        model.BaselineFigures!.UnitsPerSecond.Should().BeApproximately(700, 1e-9);
        model.Daily!.UnitsPerDay.Should().BeApproximately(700 * 86_400, 1e-6);
        model.Daily.BaselineKwh.Should().BeApproximately(700 * 86_400 * (100.0 / 7000) / 3.6e6, 1e-12);
    }

    [Fact]
    public void ServedLatencyPercentilesAreNearestRankOverEveryRequest()
    {
        var records = Enumerable
            .Range(1, 100)
            .Select(i => new RequestRecord(
                TimeSpan.Zero,
                TimeSpan.FromMilliseconds(1000 + i),
                TimeSpan.FromMilliseconds(i),
                [TimeSpan.FromMilliseconds(1000)],
                2
            ))
            .ToList();
        var energy = new WindowEnergy(Energy.FromJoules(100), 1, TimeSpan.FromSeconds(10));
        var window = new WindowResult(records, 200, 0, energy);

        var observation = TrialObservation.Build(Config, [window], P99Tpot, new TrialSettings());

        observation.Metric("ttft_p99_ms").Should().BeApproximately(99, 1e-9, "the 99th of 100, not interpolated");
        observation.Metric("ttft_p999_ms").Should().BeApproximately(100, 1e-9);
        observation.Metric("ttft_p50_ms").Should().BeApproximately(50, 1e-9);
    }

    [Fact]
    public void TooFewRequestsLeaveP99UndecidedSoItIsNeverRecommended()
    {
        var observation = TrialObservation.Build(Config, [Window(100, 20)], P99Tpot, new TrialSettings());

        observation.Metric("tpot_p99_ms").Should().BeApproximately(20, 1e-9);
        SloJudge.Judge(observation, P99Tpot.Primary).Should().Be(SloVerdict.Undecided);
        SloJudge.Meets(observation, P99Tpot).Should().BeFalse();
    }

    [Fact]
    public void RepeatedWindowsGiveAConfidenceIntervalOfTheEnergy()
    {
        WindowResult[] windows = [Window(230, 20, 100), Window(230, 20, 110), Window(230, 20, 90)];
        var observation = TrialObservation.Build(Config, windows, P99Tpot, new TrialSettings());

        observation.Metric(MetricNames.EnergyPerTokenLow).Should().BeLessThan(0.05);
        observation.Metric(MetricNames.EnergyPerTokenHigh).Should().BeGreaterThan(0.05);
        observation.Verdicts["tpot_p99_ms"].Should().Be(SloVerdict.Met, "690 requests pooled over three windows");
    }

    [Fact]
    public void TheEnergyIntervalIsCentredOnTheReportedEnergyPerTokenWhenWindowsServeUnequalTokens()
    {
        // 1000, 4000 and 1000 tokens for 12, 40 and 12 J: 0.010667 J/token in all, while the per-window values
        // (0.012, 0.010, 0.012) average 0.011333.
        WindowResult[] windows = [Window(100, 20, 12), Window(400, 20, 40), Window(100, 20, 12)];

        var observation = TrialObservation.Build(Config, windows, P99Tpot, new TrialSettings());

        var low = observation.Metric(MetricNames.EnergyPerTokenLow)!.Value;
        var high = observation.Metric(MetricNames.EnergyPerTokenHigh)!.Value;
        observation.Metric(MetricNames.EnergyPerToken).Should().BeApproximately(64.0 / 6000, 1e-12);
        ((low + high) / 2).Should().BeApproximately(64.0 / 6000, 1e-12);
        low.Should().BeApproximately(0.0077982, 1e-7);
        high.Should().BeApproximately(0.0135351, 1e-7);
    }

    [Fact]
    public void ManyFailedRequestsMakeTheConfigurationInfeasible()
    {
        var failing = Window(100, 20) with { Failed = 50, FirstError = "HTTP 500: boom" };

        var observation = TrialObservation.Build(Config, [failing], P99Tpot, new TrialSettings());

        observation.Feasible.Should().BeFalse();
        observation.InfeasibleReason.Should().Contain("50 of 150 requests failed").And.Contain("HTTP 500: boom");
    }
}
