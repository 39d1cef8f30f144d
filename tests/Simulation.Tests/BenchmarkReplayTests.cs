using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Tests;

/// <summary>The ML.ENERGY benchmark's protocol: its request list, repeats and steady-state window.</summary>
public sealed class BenchmarkReplayTests
{
    private static readonly SimulatedHost Host = SimulatedHost.CreateDefault();

    /// <summary>3,000-token prompts, 200-token responses, no spread.</summary>
    private static readonly RequestLengthProfile LongPrompts = new(
        new LengthDistribution(3000, 0, 3000, 3000),
        new LengthDistribution(200, 0, 200, 200)
    );

    [Theory]
    [InlineData(198, 1, 64, 133)]
    [InlineData(1024, 3, 2048, 1023)]
    [InlineData(512, 1, 512, 1)]
    public void TheWindowClosesWhenAllButMaxNumSeqsAndOneHaveFinished(int requests, int repeats, int seqs, int end)
    {
        var protocol = new BenchmarkProtocol(requests, repeats);

        protocol.WindowEndCompletions(seqs).Should().Be(end);
        protocol.TotalRequests.Should().Be(requests * repeats);
    }

    [Fact]
    public void RepeatedPromptsShareTheirKvBlocksSoThatMoreSequencesFit()
    {
        // Llama-3.1-8B on one H100 holds about 445,000 tokens of KV cache: 256 distinct 3,000-token prompts do not
        // fit, 64 prompts sent eight times over do (their copies share the prompt's blocks).
        var config = new SimulatedServingConfig("meta-llama/Llama-3.1-8B-Instruct", "H100-SXM-80GB", MaxNumSeqs: 256);

        var distinct = Host.RunBenchmark(config, new BenchmarkProtocol(512, 1), LongPrompts, null, 1);
        var repeated = Host.RunBenchmark(config, new BenchmarkProtocol(64, 8), LongPrompts, null, 1);

        distinct.Feasible.Should().BeTrue();
        distinct.AverageBatchSize.Should().BeLessThan(0.7 * 256);
        repeated.AverageBatchSize.Should().BeGreaterThan(0.95 * 256);
        repeated.Window.Should().BePositive();
        repeated.Warmup.Should().BePositive("the window opens once 256 requests have their first token");
    }

    [Fact]
    public void AReplayReportsItsPreemptionsAndThePeakShareOfTheKvCacheItHeld()
    {
        // 256 distinct 3,000-token prompts with 200-token responses need 819,200 tokens, against about 445,000 of
        // KV cache: admission fills it with prompts, the growing responses run it out and the newest are preempted.
        // 16 sequences of 100 + 50 tokens hold 2,400 tokens at most and never preempt.
        var config = new SimulatedServingConfig("meta-llama/Llama-3.1-8B-Instruct", "H100-SXM-80GB", MaxNumSeqs: 256);
        var small = config with { MaxNumSeqs = 16 };
        var shortRequests = new RequestLengthProfile(
            new LengthDistribution(100, 0, 100, 100),
            new LengthDistribution(50, 0, 50, 50)
        );
        var capacity = Host.CostOf(
            small,
            Host.Models.Get(small.ModelId),
            Host.Gpus.Get(small.GpuKind),
            shortRequests
        ).KvCapacityTokens;

        var full = Host.RunBenchmark(config, new BenchmarkProtocol(512, 1), LongPrompts, null, 1);
        var light = Host.RunBenchmark(small, new BenchmarkProtocol(64, 1), shortRequests, null, 1);

        capacity.Should().BeInRange(400_000, 500_000);
        full.Preemptions.Should().BePositive();
        full.PeakKvShare.Should().BeInRange(0.97, 1.0);
        light.Preemptions.Should().Be(0);
        light.PeakKvShare.Should().BeInRange(0.9 * 2400.0 / capacity, 1.05 * 2416.0 / capacity);
    }

    [Fact]
    public void InterTokenTimesCoverTheWholeRunAndTheWindowOnlyItsSteadyState()
    {
        var config = new SimulatedServingConfig("meta-llama/Llama-3.1-8B-Instruct", "H100-SXM-80GB", MaxNumSeqs: 16);
        var lengths = new RequestLengthProfile(
            new LengthDistribution(100, 0, 100, 100),
            new LengthDistribution(50, 0, 50, 50)
        );

        var result = Host.RunBenchmark(config, new BenchmarkProtocol(64, 1), lengths, null, 1);

        // Every request's 49 gaps after its first token and the zero the benchmark counts for that first token.
        result.InterTokenSamples.Sum(s => s.Count).Should().Be(64 * 50);
        // The window closes at the 47th completion (64 − 16 − 1): fewer tokens than the whole run's 64 × 50.
        result.GeneratedTokens.Should().BeInRange(1, (64 * 50) - 1);
        result.AverageBatchSize.Should().BeInRange(14, 16);
    }

    [Fact]
    public void EachRequestsFirstTokenCountsAsAZeroInterTokenTimeAsTheBenchmarksClientCountsIt()
    {
        // mlenergy.benchmark appends a zero for every token of a request's first streamed chunk: with 64 requests of
        // 2 tokens each, half the inter-token times are zeros, so the median is a zero and p99 a decode step.
        var config = new SimulatedServingConfig("meta-llama/Llama-3.1-8B-Instruct", "H100-SXM-80GB", MaxNumSeqs: 16);
        var lengths = new RequestLengthProfile(
            new LengthDistribution(100, 0, 100, 100),
            new LengthDistribution(2, 0, 2, 2)
        );

        var result = Host.RunBenchmark(config, new BenchmarkProtocol(64, 1), lengths, null, 1);

        result.InterTokenSamples.Where(s => s.Gap == TimeSpan.Zero).Sum(s => s.Count).Should().Be(64);
        result.InterTokenSamples.Where(s => s.Gap > TimeSpan.Zero).Sum(s => s.Count).Should().Be(64);
        result.InterTokenLatency.Count.Should().Be(128);
        result.InterTokenLatency.Percentile(0.25).TotalMilliseconds.Should().BeLessThan(0.01);
        result.InterTokenLatency.Percentile(0.99).TotalMilliseconds.Should().BeGreaterThan(5);
    }
}
