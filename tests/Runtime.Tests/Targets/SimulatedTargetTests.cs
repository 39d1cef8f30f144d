using MLEnergy.Profiler.Latency;
using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Targets.Simulated;
using MLEnergy.Runtime.Tests.Support;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Runtime.Tests.Targets;

public class SimulatedTargetTests
{
    private static readonly SimulatedHost Host = SimulatedHost.CreateDefault();

    [Theory]
    [InlineData(1, 64)]
    [InlineData(4, 256)]
    public void TheProfilersMeterOverTheWindowAgreesWithTheSimulatorsOwnEnergy(int tensorParallel, int maxNumSeqs)
    {
        var trial = Host.Run(
            new SimulatedServingConfig("Qwen/Qwen3-8B", "H100-SXM-80GB", tensorParallel, MaxNumSeqs: maxNumSeqs),
            LoadSpec.Saturate,
            TimeSpan.FromSeconds(10),
            TimeSpan.FromSeconds(30),
            seed: 1
        );

        var measured = SimulatedWindowEnergy.OfServingGpus(trial);

        measured.Joules.Should().BeApproximately(trial.ServingEnergyJoules, trial.ServingEnergyJoules * 0.01);
    }

    [Fact]
    public void ASimulatedTensorParallelTwoTrialReportsThePowerOfBothServingGpusAndThePerGpuPowerBeside()
    {
        var config = new SimulatedServingConfig("Qwen/Qwen3-8B", "H100-SXM-80GB", TensorParallel: 2, MaxNumSeqs: 64);
        var trial = Host.Run(config, LoadSpec.Saturate, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), seed: 1);
        var serving = trial.Gpus.Where(g => g.Serving).ToList();

        var observation = SimulatedObservation.From(
            Configuration.Of(("tensor_parallel", "2")),
            trial,
            TrialFidelity.Full
        );

        serving.Should().HaveCount(2);
        var total = serving.Sum(g => g.AveragePowerWatts);
        observation.Metrics["avg_power_w"].Should().BeApproximately(total, total * 0.01);
        var reported = observation.Metrics["avg_power_w"];
        observation.Metrics["avg_power_per_gpu_w"].Should().BeApproximately(reported / 2, 1e-9);
        observation.Metrics["throughput_tokens_per_s"].Should().BeApproximately(trial.GeneratedTokens / 30.0, 1e-9);
    }

    [Fact]
    public void ALimitTenPercentAboveASimulatedTrialsPeakChangesNothingAndOneUnderItDoes()
    {
        // Under a light load the window's average sits far under the bursts' peaks, which are what a limit is held to.
        var unlimited = Trial(700);
        var peak = unlimited.Metrics["peak_power_per_gpu_w"];
        var average = unlimited.Metrics["avg_power_per_gpu_w"];

        peak.Should().BeGreaterThan(1.2 * average).And.BeLessThanOrEqualTo(700);
        var twin = Trial(Math.Ceiling(peak * (1 + KnobReach.PowerHeadroom)));
        twin.Metrics.Should().BeEquivalentTo(unlimited.Metrics);
        var binding = Trial(Math.Floor(peak * 0.9));
        binding.Metrics["energy_per_token_j"].Should().NotBe(unlimited.Metrics["energy_per_token_j"]);
        binding.Metrics["peak_power_per_gpu_w"].Should().BeLessThanOrEqualTo(Math.Floor(peak * 0.9) + 1e-6);
    }

    [Fact]
    public void ABatchAndAClockCapAboveWhatASimulatedTrialReachedChangeNothingAndOnesAtItDo()
    {
        // 1 req/s leaves the 64-sequence batch far from full; the 300 W limit holds the clock under the 1,980 MHz cap.
        var wide = Run(maxNumSeqs: 64, clockCap: 1980);
        var batch = wide.PeakRunningBatch;
        var clock = wide.PeakClockMhz;

        batch.Should().BeInRange(1, 40);
        clock.Should().BeInRange(300, 1980 / (1 + KnobReach.ClockHeadroom));
        var twin = Run((int)Math.Ceiling(batch * (1 + KnobReach.BatchHeadroom)), (int)Math.Ceiling(clock * 1.02));
        twin.ServingEnergyJoules.Should().BeApproximately(wide.ServingEnergyJoules, wide.ServingEnergyJoules * 1e-12);
        Slowest(twin, wide).Should().BeLessThan(1e-6, "the same schedule to float rounding");
        Slowest(Run(maxNumSeqs: batch - 1, clockCap: 1980), wide).Should().BeGreaterThan(1e-3);
        Run(maxNumSeqs: 64, clockCap: (int)(clock * 0.9)).ServingEnergyJoules.Should().NotBe(wide.ServingEnergyJoules);
    }

    /// <summary>The largest difference in a request's end-to-end latency between two runs, seconds.</summary>
    private static double Slowest(SimulatedTrialResult a, SimulatedTrialResult b)
    {
        a.Requests.Should().HaveSameCount(b.Requests);
        return a.Requests.Zip(b.Requests, (x, y) => Math.Abs((x.EndToEnd - y.EndToEnd).TotalSeconds)).Max();
    }

    private static SimulatedTrialResult Run(int maxNumSeqs, int clockCap) =>
        Host.Run(
            new SimulatedServingConfig(
                "Qwen/Qwen3-8B",
                "H100-SXM-80GB",
                TensorParallel: 1,
                MaxNumSeqs: maxNumSeqs,
                SmClockCapMhz: clockCap,
                PowerLimitWatts: 300
            ),
            LoadSpec.Parse("poisson:3"),
            TimeSpan.FromSeconds(10),
            TimeSpan.FromSeconds(30),
            1
        );

    private static Observation Trial(double powerLimit)
    {
        var config = new SimulatedServingConfig(
            "Qwen/Qwen3-8B",
            "H100-SXM-80GB",
            TensorParallel: 4,
            MaxNumSeqs: 64,
            SmClockCapMhz: 1305,
            PowerLimitWatts: powerLimit
        );
        var trial = Host.Run(
            config,
            LoadSpec.Parse("poisson:3"),
            TimeSpan.FromSeconds(10),
            TimeSpan.FromSeconds(30),
            1
        );
        return SimulatedObservation.From(Configuration.Of(("power_limit_w", "700")), trial, TrialFidelity.Full);
    }

    [Fact]
    public void SimulatedInterTokenPercentilesAreTheNearestRankOfTheEnginesExactGaps()
    {
        var config = new SimulatedServingConfig("Qwen/Qwen3-8B", "H100-SXM-80GB", MaxNumSeqs: 64);
        var trial = Host.Run(config, LoadSpec.Saturate, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(10), seed: 1);
        var gaps = trial
            .InterTokenSamples.SelectMany(s => Enumerable.Repeat(s.Gap.TotalMilliseconds, (int)s.Count))
            .Order()
            .ToList();

        var observation = SimulatedObservation.From(
            Configuration.Of(("max_num_seqs", "64")),
            trial,
            TrialFidelity.Full
        );

        observation.Metrics["itl_p99_ms"].Should().Be(gaps[(int)Math.Ceiling(0.99 * gaps.Count) - 1]);
        observation.Metrics["itl_p50_ms"].Should().Be(gaps[(int)Math.Ceiling(0.5 * gaps.Count) - 1]);
    }

    [Fact]
    public void OneTokenRequestsHaveNoTpotOnTheSimulatedHostAsOnAServedOne()
    {
        var config = new SimulatedServingConfig("Qwen/Qwen3-8B", "H100-SXM-80GB", MaxNumSeqs: 64);
        var run = Host.Run(config, LoadSpec.Parse("poisson:3"), TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(20), 1);
        var single = run.Requests.Select(r => r with { Id = r.Id + 1_000_000, OutputTokens = 1 });
        var trial = run with { Requests = [.. run.Requests, .. single] };
        var served = LatencySummary.From(
            trial.Requests.Select(r => new RequestRecord(
                r.Arrival,
                r.Arrival + r.EndToEnd,
                r.TimeToFirstToken,
                [],
                r.OutputTokens
            ))
        );

        var observation = SimulatedObservation.From(
            Configuration.Of(("max_num_seqs", "64")),
            trial,
            TrialFidelity.Full
        );

        run.Requests.Should().NotBeEmpty().And.OnlyContain(r => r.OutputTokens > 1);
        SimulatedTrialProtocol.Count(trial, LatencyKind.Tpot).Should().Be(run.Requests.Count);
        served.Count(LatencyKind.Tpot).Should().Be(run.Requests.Count);
        observation.Metrics["tpot_p50_ms"].Should().BeGreaterThan(0).And.Be(served.QuantileMs(LatencyKind.Tpot, 0.5));
        observation.Metrics["tpot_mean_ms"].Should().BeApproximately(served.MeanMs(LatencyKind.Tpot), 1e-9);
    }

    [Fact]
    public async Task KnobsAreReadByTheirKindWhateverTheirNames()
    {
        var space = SearchSpaceYamlReader.ReadFile(
            Path.Combine(RepositoryPaths.Root, "search-spaces", "sim-h100-llm.yaml")
        );
        var evaluator = new SimulatedEvaluator(
            Host,
            space,
            "Qwen/Qwen3-8B",
            "H100-SXM-80GB",
            LoadSpec.Saturate,
            seed: 3
        );
        var fast = Configuration.Of(
            ("sm_clock_cap_mhz", "1980"),
            ("power_limit_w", "700"),
            ("max_num_seqs", "16"),
            ("tensor_parallel", "1")
        );
        var slowClock = fast.With("sm_clock_cap_mhz", KnobValue.Of(765));
        var bigBatch = fast.With("max_num_seqs", KnobValue.Of(512));

        var a = await evaluator.EvaluateAsync(new TrialRequest(fast), CancellationToken.None);
        var b = await evaluator.EvaluateAsync(new TrialRequest(slowClock), CancellationToken.None);
        var c = await evaluator.EvaluateAsync(new TrialRequest(bigBatch), CancellationToken.None);

        b.Metrics["avg_power_w"].Should().BeLessThan(a.Metrics["avg_power_w"], "a lower SM clock cap draws less power");
        c.Metrics["itl_p50_ms"].Should().BeGreaterThan(a.Metrics["itl_p50_ms"], "a larger batch takes longer per step");
        c.Metrics["energy_per_token_j"]
            .Should()
            .BeLessThan(a.Metrics["energy_per_token_j"], "a larger batch shares the weights' reads");
    }

    [Fact]
    public async Task TensorParallelAboveTheGpuCountIsAnInfeasibleTrialWithItsReason()
    {
        var space = SearchSpaceYamlReader.ReadFile(
            Path.Combine(RepositoryPaths.Root, "search-spaces", "sim-h100-llm.yaml")
        ) with
        {
            Variables = System.Collections.Immutable.ImmutableDictionary<string, double>.Empty.Add("gpus", 2),
        };
        var evaluator = new SimulatedEvaluator(
            Host,
            space,
            "Qwen/Qwen3-8B",
            "H100-SXM-80GB",
            LoadSpec.Saturate,
            seed: 3
        );

        var observation = await evaluator.EvaluateAsync(
            new TrialRequest(
                Configuration.Of(
                    ("sm_clock_cap_mhz", "1980"),
                    ("power_limit_w", "700"),
                    ("max_num_seqs", "16"),
                    ("tensor_parallel", "8")
                )
            ),
            CancellationToken.None
        );

        observation.Feasible.Should().BeFalse();
        observation.InfeasibleReason.Should().NotBeNullOrEmpty();
    }
}
