using MLEnergy.Runtime.Targets.Simulated;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Tests;

public sealed class SimulatedHostTests
{
    private static readonly SimulatedHost Host = SimulatedHosts.CreateDefault();
    private static readonly TimeSpan Warmup = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan Window = TimeSpan.FromSeconds(30);

    [Fact]
    public void TensorParallelAboveTheGpuCountIsInfeasibleWithTheReason()
    {
        var result = Host.Run(Qwen(tp: 4) with { Replicas = 4 }, LoadSpec.Saturate, Warmup, Window, 1);

        result.Feasible.Should().BeFalse();
        result.InfeasibleReason.Should().Contain("needs 16 GPUs; the host has 8");
        result
            .Problem.Should()
            .Be(new FeasibilityProblem(FeasibilityProblemKind.InvalidKnobs, result.InfeasibleReason!, 4));
        result.GeneratedTokens.Should().Be(0);
    }

    [Fact]
    public void AModelWhoseWeightsDoNotFitIsInfeasible()
    {
        var config = new SimulatedServingConfig(
            "meta-llama/Llama-3.1-70B-Instruct",
            "A100-SXM-40GB",
            TensorParallel: 1
        );

        Host.FindInfeasibility(config).Should().Contain("GB of weights per GPU");
        var result = Host.Run(config, LoadSpec.Saturate, Warmup, Window, 1);
        result.Problem!.Kind.Should().Be(FeasibilityProblemKind.WeightsDoNotFit);
        result.Problem.GpusPerReplica.Should().Be(1);
    }

    [Fact]
    public void AKvCacheTooSmallForOneSequenceIsInfeasible()
    {
        // 70.5 GB of weights per GPU fit in the 74.5 GB an H100 has for weights and KV cache; the rest holds fewer
        // tokens than the model's whole context.
        var config = new SimulatedServingConfig(
            "meta-llama/Llama-3.1-70B-Instruct",
            "H100-SXM-80GB",
            TensorParallel: 2,
            MaxModelLen: 131072
        );

        var result = Host.Run(config, LoadSpec.Saturate, Warmup, Window, 1);

        result.InfeasibleReason.Should().StartWith("the KV cache holds");
        result.Problem!.Kind.Should().Be(FeasibilityProblemKind.KvCacheTooSmall);
    }

    [Fact]
    public void AnUnknownModelThrowsWithTheKnownOnes()
    {
        var act = () =>
            Host.Run(new SimulatedServingConfig("acme/Nope", "H100-SXM-80GB"), LoadSpec.Saturate, Warmup, Window, 1);

        act.Should().Throw<UnknownCatalogEntryException>().Which.Known.Should().Contain("Qwen/Qwen3-14B");
    }

    [Fact]
    public void TheSameSeedGivesTheSameTrial()
    {
        var first = Host.Run(Qwen(), LoadSpec.AtRate(5), Warmup, Window, 42);
        var second = Host.Run(Qwen(), LoadSpec.AtRate(5), Warmup, Window, 42);

        second.GeneratedTokens.Should().Be(first.GeneratedTokens);
        second.ServingEnergyJoules.Should().Be(first.ServingEnergyJoules);
        second.Requests.Should().Equal(first.Requests);
    }

    [Fact]
    public void ALowerClockCapSavesEnergyOnMemoryBoundDecodeAtALittleLatency()
    {
        var full = Host.Run(Qwen(seqs: 16), LoadSpec.Saturate, Warmup, Window, 1);
        var slow = Host.Run(Qwen(seqs: 16) with { SmClockCapMhz = 1200 }, LoadSpec.Saturate, Warmup, Window, 1);

        slow.EnergyPerTokenJoules.Should().BeLessThan(full.EnergyPerTokenJoules * 0.95);
        (slow.MedianInterTokenLatency / full.MedianInterTokenLatency).Should().BeInRange(1.0, 1.3);
        slow.AverageClockMhz.Should().BeApproximately(1200, 1);
    }

    [Fact]
    public void APowerLimitKeepsEachGpuUnderIt()
    {
        var capped = Host.Run(Qwen(seqs: 256) with { PowerLimitWatts = 400 }, LoadSpec.Saturate, Warmup, Window, 1);

        capped.Gpus[0].AveragePowerWatts.Should().BeInRange(300, 400);
        capped.AverageClockMhz.Should().BeLessThan(1980);
    }

    [Fact]
    public void ReplicasSplitTheLoadAndUnusedGpusIdle()
    {
        var one = Host.Run(Qwen(seqs: 64), LoadSpec.Saturate, Warmup, Window, 1);
        var four = Host.Run(Qwen(seqs: 64) with { Replicas = 4 }, LoadSpec.Saturate, Warmup, Window, 1);

        (four.OutputTokensPerSecond / one.OutputTokensPerSecond).Should().BeApproximately(4, 0.3);
        four.Gpus.Count(g => g.Serving).Should().Be(4);
        four.Gpus.Where(g => !g.Serving).Should().OnlyContain(g => g.AveragePowerWatts == 70);
        four.HostEnergyJoules.Should().BeGreaterThan(four.ServingEnergyJoules);
    }

    [Fact]
    public void TensorParallelismShortensInterTokenLatency()
    {
        var tp1 = Host.Run(Qwen(seqs: 32), LoadSpec.Saturate, Warmup, Window, 1);
        var tp4 = Host.Run(Qwen(tp: 4, seqs: 32), LoadSpec.Saturate, Warmup, Window, 1);

        tp4.MedianInterTokenLatency.Should().BeLessThan(tp1.MedianInterTokenLatency * 0.7);
        tp4.Gpus.Count(g => g.Serving).Should().Be(4);
    }

    [Fact]
    public void ALightPoissonLoadRecordsEveryRequestWithTtftBelowEndToEnd()
    {
        var result = Host.Run(Qwen(), LoadSpec.AtRate(2), Warmup, TimeSpan.FromSeconds(120), 3);

        result.Requests.Count.Should().BeInRange(150, 330);
        result
            .Requests.Should()
            .OnlyContain(r => r.TimeToFirstToken > TimeSpan.Zero && r.TimeToFirstToken < r.EndToEnd);
        result.AverageBatchSize.Should().BeLessThan(16);
        result.Requests.Average(r => r.TimePerOutputToken!.Value.TotalMilliseconds).Should().BeInRange(7, 12);
    }

    [Fact]
    public void ClosedLoopClientsKeepThatManyRequestsInFlight()
    {
        var result = Host.Run(Qwen(), LoadSpec.WithConcurrency(24), Warmup, Window, 5);

        result.AverageBatchSize.Should().BeInRange(21, 24.01);
    }

    [Fact]
    public void ATraceIsReplayedAtItsTimestampsAndRepeated()
    {
        var lines = string.Join(
            '\n',
            Enumerable
                .Range(0, 50)
                .Select(i => $"{{\"arrival_s\": {i * 0.5}, \"prompt_tokens\": 100, \"max_tokens\": 50}}")
        );
        var host = new SimulatedHost(
            Host.Gpus,
            Host.Models,
            Host.Calibration,
            name => SimulatedHosts.ReadTrace(new StringReader(lines), name)
        );

        var result = host.Run(Qwen(), LoadSpec.FromTrace("t.jsonl"), TimeSpan.Zero, TimeSpan.FromSeconds(40), 1);

        var firstPass = result.Requests.Where(r => r.Arrival <= TimeSpan.FromSeconds(24.5)).ToList();
        firstPass.Should().HaveCount(50);
        firstPass
            .Select(r => r.Arrival)
            .Should()
            .Equal(Enumerable.Range(0, 50).Select(i => TimeSpan.FromSeconds(i * 0.5)));
        result.Requests.Should().OnlyContain(r => r.OutputTokens == 50 && r.PromptTokens == 100);
        // As the load generator does, the trace starts again 1 ms after its last arrival while the window lasts.
        result
            .Requests.Where(r => r.Arrival > TimeSpan.FromSeconds(24.5))
            .Min(r => r.Arrival)
            .Should()
            .Be(TimeSpan.FromSeconds(24.501));
    }

    private static SimulatedServingConfig Qwen(int tp = 1, int seqs = 256) =>
        new("Qwen/Qwen3-8B", "H100-SXM-80GB", tp, 1, seqs);
}
