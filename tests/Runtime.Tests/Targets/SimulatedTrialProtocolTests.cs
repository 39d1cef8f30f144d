using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Targets.Simulated;
using MLEnergy.Runtime.Tests.Support;
using MLEnergy.Runtime.Trials;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Runtime.Tests.Targets;

public class SimulatedTrialProtocolTests
{
    private static readonly SimulatedHost Host = SimulatedHost.CreateDefault();

    private static readonly Configuration TwoGpus = Configuration.Of(
        ("sm_clock_cap_mhz", "1980"),
        ("power_limit_w", "700"),
        ("max_num_seqs", "64"),
        ("tensor_parallel", "2")
    );

    private static readonly ServiceLevelObjective GenerousTpot = new([
        new SloConstraint(LatencyMetric.Tpot, Statistic.P99, 1000),
    ]);

    private static SimulatedEvaluator Evaluator(string model, string load, ServiceLevelObjective? slo) =>
        new(
            Host,
            SearchSpaceYamlReader.ReadFile(Path.Combine(RepositoryPaths.Root, "search-spaces", "sim-h100-llm.yaml")),
            model,
            "H100-SXM-80GB",
            LoadSpec.Parse(load),
            seed: 5,
            slo
        );

    [Fact]
    public async Task ATrialUnderAHostTimeBudgetEndsItsWindowWhereTheBudgetEnds()
    {
        var unbounded = await Evaluator("google/gemma-3-27b-it", "poisson:3", GenerousTpot)
            .EvaluateAsync(new TrialRequest(TwoGpus), CancellationToken.None);

        var bounded = await Evaluator("google/gemma-3-27b-it", "poisson:3", GenerousTpot)
            .EvaluateAsync(
                new TrialRequest(TwoGpus) { HostTimeLeft = TimeSpan.FromSeconds(100) },
                CancellationToken.None
            );

        unbounded.HostTime.Should().BeGreaterThan(TimeSpan.FromSeconds(100), "this trial extends its window");
        bounded.HostTime.Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(100));
    }

    [Theory]
    [InlineData("google/gemma-3-27b-it", "poisson:3")]
    [InlineData("Qwen/Qwen3-8B", "poisson:3")]
    public async Task ALightLoadTrialExtendsItsWindowUntilTheVerdictIsDecidedWithEnoughRequests(
        string model,
        string load
    )
    {
        var settings = new TrialSettings();

        var observation = await Evaluator(model, load, GenerousTpot)
            .EvaluateAsync(new TrialRequest(TwoGpus), CancellationToken.None);

        observation.Verdicts[MetricNames.Latency(LatencyMetric.Tpot, Statistic.P99)].Should().Be(SloVerdict.Met);
        observation.Metrics[MetricCatalogue.Requests.Name].Should().BeGreaterThanOrEqualTo(459);
        observation.HostTime.Should().BeGreaterThan(settings.Warmup + settings.Window);
        observation.HostTime.Should().BeLessThanOrEqualTo(settings.Warmup + settings.MaxWindow);
    }

    [Fact]
    public async Task TheHostTimeOfAnExtendedTrialIsTheWarmupPlusTheWindowItMeasured()
    {
        var unjudged = await Evaluator("google/gemma-3-27b-it", "poisson:3", slo: null)
            .EvaluateAsync(new TrialRequest(TwoGpus), CancellationToken.None);
        var judged = await Evaluator("google/gemma-3-27b-it", "poisson:3", GenerousTpot)
            .EvaluateAsync(new TrialRequest(TwoGpus), CancellationToken.None);

        unjudged.HostTime.Should().Be(TimeSpan.FromSeconds(90), "no SLO leaves nothing to decide");
        judged.HostTime.Should().Be(TimeSpan.FromSeconds(270), "636 requests at 3 req/s take the 240 s window");
        var window = judged.HostTime - TimeSpan.FromSeconds(30);
        var rate = judged.Metrics[MetricCatalogue.RequestThroughput.Name];
        judged.Metrics[MetricCatalogue.Requests.Name].Should().BeApproximately(rate * window.TotalSeconds, 1);
        judged
            .Metrics[MetricCatalogue.Requests.Name]
            .Should()
            .BeGreaterThan(2 * unjudged.Metrics[MetricCatalogue.Requests.Name]);
    }

    [Fact]
    public async Task ASaturatedScreeningTrialDecidesWithinAFullTrialsWindow()
    {
        var observation = await Evaluator("Qwen/Qwen3-8B", "saturate", GenerousTpot)
            .EvaluateAsync(
                new TrialRequest(TwoGpus.With("max_num_seqs", KnobValue.Of(512)), TrialFidelity.Screening),
                CancellationToken.None
            );

        observation.Verdicts.Values.Should().AllSatisfy(v => v.Should().NotBe(SloVerdict.Undecided));
        observation.HostTime.Should().BeLessThanOrEqualTo(TimeSpan.FromSeconds(90), "many requests decide quickly");
    }

    [Fact]
    public async Task ATrialStillUndecidedAtTheMaximumWindowStopsThereAndIsReportedShortOfSamplesWithoutARepeat()
    {
        var evaluator = new SimulatedEvaluator(
            Host,
            SearchSpaceYamlReader.ReadFile(Path.Combine(RepositoryPaths.Root, "search-spaces", "sim-h100-llm.yaml")),
            "google/gemma-3-27b-it",
            "H100-SXM-80GB",
            LoadSpec.Parse("poisson:1"),
            seed: 5,
            GenerousTpot,
            new TrialSettings { MaxWindow = TimeSpan.FromSeconds(120) }
        );

        var observation = await evaluator.EvaluateAsync(new TrialRequest(TwoGpus), CancellationToken.None);

        observation.HostTime.Should().Be(TimeSpan.FromSeconds(150), "30 s of warm-up and the longest window, once");
        observation.Verdicts[MetricNames.Latency(LatencyMetric.Tpot, Statistic.P99)].Should().Be(SloVerdict.Undecided);
        observation.InvalidReason.Should().MatchRegex(@"holds \d+ samples of tpot_p99_ms; its verdict needs \d+$");
        observation.ShortOfSamples.Should().BeTrue("what it measured stands, for repeats to pool");
        observation.Metrics.Should().ContainKey(MetricNames.Latency(LatencyMetric.Tpot, Statistic.P99));
        observation.GatesSkipped.Should().Contain("temperature");
    }

    [Fact]
    public async Task AClearMissDecidedWithFewRequestsIsAValidMissNotAnInvalidTrial()
    {
        // A bound no step can meet: the first look at 1 req/s sees far fewer than the 637 samples a pass needs,
        // but every one of them is over the bound, so the miss is decided.
        var impossible = new ServiceLevelObjective([new SloConstraint(LatencyMetric.Tpot, Statistic.P99, 1)]);

        var observation = await Evaluator("google/gemma-3-27b-it", "poisson:1", impossible)
            .EvaluateAsync(new TrialRequest(TwoGpus), CancellationToken.None);

        observation.Verdicts[MetricNames.Latency(LatencyMetric.Tpot, Statistic.P99)].Should().Be(SloVerdict.Missed);
        observation.InvalidReason.Should().BeNull();
        observation.HostTime.Should().BeLessThan(TimeSpan.FromSeconds(120), "decided at the first look, measured once");
    }
}
