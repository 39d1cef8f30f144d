using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Tests.Engine;

/// <summary>
/// What makes the inter-token tail: steps that carry prompt chunks (every decoding sequence of such a step waits
/// for the chunk) and host stalls (seeded, so a seed gives the same ones).
/// </summary>
public sealed class InterTokenTailTests
{
    private static readonly SimulatedHost Host = SimulatedHost.CreateDefault();

    private static readonly SimulatedHost Quiet = new(
        Host.Gpus,
        Host.Models,
        Host.Calibration with
        {
            HostStallsPerSecond = 0,
        }
    );

    [Fact]
    public void TheTailGrowsWithHowOftenPromptChunksAreInterleavedWithDecode()
    {
        // A batch of 64 with the same prompts and no host stalls: responses of 4,000 tokens put a prompt into about
        // one step in 60, responses of 100 tokens into most steps; the p99 moves away from the median.
        var rare = TailRatio(Quiet, outputTokens: 4000, batch: 64);
        var often = TailRatio(Quiet, outputTokens: 100, batch: 64);

        rare.Should().BeLessThan(1.5);
        often.Should().BeGreaterThan(rare * 1.5);
    }

    [Fact]
    public void HostStallsMakeATailWherePromptChunksAreTooRareToMakeOne()
    {
        // A batch of 16 with 8,000-token responses: a prompt in one step in 500, so without stalls the p99 step
        // is a decode step like the median one.
        var quiet = TailRatio(Quiet, outputTokens: 8000, batch: 16);
        var stalled = TailRatio(Host, outputTokens: 8000, batch: 16);

        quiet.Should().BeLessThan(1.1, "decode steps of a full batch differ little");
        stalled.Should().BeGreaterThan(quiet + 0.1);
    }

    [Fact]
    public void TheSameSeedGivesTheSameStallsAndAnotherSeedOthers()
    {
        static double[] Draw(int seed)
        {
            var stalls = new HostStalls(20, 0.004, 1e-5, seed);
            return [.. Enumerable.Range(0, 200).Select(i => stalls.During(i * 0.01, 0.01, 32))];
        }

        Draw(3).Should().Equal(Draw(3));
        Draw(3).Should().NotEqual(Draw(4));
    }

    [Fact]
    public void AStallLastsItsFixedPartPlusItsPartPerSequenceAndComesAtItsRate()
    {
        var stalls = new HostStalls(20, 0.004, 1e-5, 1);
        var steps = Enumerable.Range(0, 100_000).Select(i => stalls.During(i * 0.01, 0.01, 100)).ToList();

        steps.Where(s => s > 0).Should().OnlyContain(s => Math.Abs((s / 0.005) - Math.Round(s / 0.005)) < 1e-9);
        var stalled = steps.Sum() / 0.005;
        (stalled / 1000.0).Should().BeApproximately(20, 0.5, "20 stalls a second over 1,000 seconds of steps");
    }

    [Fact]
    public void AReplicaOfSeveralGpusStallsLessThanOneGpu()
    {
        var gpu = Host.Gpus.Get("H100-SXM-80GB");
        var calibration = Host.Calibration with { HostStallsPerSecond = 50 };
        var one = HostStalls.For(calibration, gpu, 1, 5);
        var four = HostStalls.For(calibration, gpu, 4, 5);

        var alone = one.During(0, 1, 64);
        var together = four.During(0, 1, 64);

        alone.Should().BeGreaterThan(0);
        (together / alone).Should().BeApproximately(Host.Calibration.HostStallShareMultiGpu, 1e-9);
        HostStalls.None.During(0, 1000, 64).Should().Be(0);
    }

    [Fact]
    public void AHostStallsAtItsGpuKindsRateForItsFixedLengthsAndTheEnginesLengthPerSequence()
    {
        // A host whose stalls come half as often as the H100 host's, ten times as long on one GPU and twice as long
        // on several; the part per sequence (the engine's pass over the batch) stays the engine's.
        var h100 = Host.Gpus.Get("H100-SXM-80GB");
        var other = h100 with { Achieved = new AchievedScale(Stall: 10, MultiGpuStall: 2, StallRate: 0.5) };
        var calibration = Host.Calibration with
        {
            HostStallsPerSecond = 20,
            HostStallSeconds = 0.004,
            HostStallSecondsPerSequence = 1e-5,
            HostStallShareMultiGpu = 0.8,
        };

        var (count, length) = Stalls(HostStalls.For(calibration, other, 1, 7));
        var (multiCount, multiLength) = Stalls(HostStalls.For(calibration, other, 4, 7));
        var (h100Count, h100Length) = Stalls(HostStalls.For(calibration, h100, 1, 7));

        h100Length.Should().BeApproximately(0.004 + (100 * 1e-5), 1e-12);
        length.Should().BeApproximately((10 * 0.004) + (100 * 1e-5), 1e-12);
        multiLength.Should().BeApproximately((2 * 0.004) + (0.8 * 100 * 1e-5), 1e-12);
        ((double)count / h100Count).Should().BeApproximately(0.5, 0.03);
        multiCount.Should().Be(count, "the same seed and rate");
    }

    [Fact]
    public void TheB200HostsOneGpuStallsAreLongerThanItsMultiGpuOnesAndTheH100Hosts()
    {
        // Fitted to the B200's lm-arena-chat rows: Qwen3-30B-A3B on one B200 measures a p99 ITL 40-60 ms over its
        // median at 16-256 sequences, Llama-3.1-70B on two B200s a tail like the H100's.
        var b200 = Host.Gpus.Get("B200-SXM-180GB").Achieved!;
        var fixedSeconds = Host.Calibration.HostStallSeconds;

        (b200.Stall * fixedSeconds).Should().BeInRange(0.03, 0.06);
        (b200.MultiGpuStall!.Value * fixedSeconds).Should().BeInRange(0.002, 0.008);
        (b200.StallRate * Host.Calibration.HostStallsPerSecond).Should().BeInRange(0.5, 1.5);
    }

    private static (int Count, double Length) Stalls(HostStalls stalls)
    {
        var steps = Enumerable.Range(0, 200_000).Select(i => stalls.During(i * 0.001, 0.001, 100)).ToList();
        var stalled = steps.Where(s => s > 0).ToList();
        return (stalled.Count, stalled.Min());
    }

    [Fact]
    public void APromptStepPaysItsOverheadPerLayerAndMorePerMixtureOfExpertsLayer()
    {
        var gpu = Host.Gpus.Get("H100-SXM-80GB");
        var calibration = Host.Calibration with
        {
            MixedStepOverheadSecondsPerLayer = 1e-4,
            MixedStepOverheadSecondsPerMoeLayer = 2e-4,
        };
        var dense = Host.Models.Get("Qwen/Qwen3-8B");
        var moe = Host.Models.Get("Qwen/Qwen3-30B-A3B-Instruct-2507");

        static double Extra(StepCostModel cost) =>
            cost.Mix(32, 32 * 1000, 200, 200 * 100, 33).StallSeconds - cost.Mix(32, 32 * 1000, 0, 0, 33).StallSeconds;

        var denseExtra = Extra(new StepCostModel(dense, gpu, calibration, 1));
        var moeExtra = Extra(new StepCostModel(moe, gpu, calibration, 1));

        // Qwen3-8B: 36 layers, none of them MoE; Qwen3-30B-A3B: 48 layers, all MoE. The H100's overhead ratio is 1.
        // (The prompt's tokens also add their share of the collectives: none on one GPU.)
        denseExtra.Should().BeApproximately(36 * 1e-4, 1e-9);
        moeExtra.Should().BeApproximately(48 * (1e-4 + 2e-4), 1e-9);
    }

    private static double TailRatio(SimulatedHost host, int outputTokens, int batch)
    {
        var model = host.Models.Get("Qwen/Qwen3-8B");
        var lengths = RequestLengthProfile.ChatFor(model) with
        {
            Output = new LengthDistribution(outputTokens, 0, 1, outputTokens),
        };
        var result = host.Run(
            new SimulatedServingConfig("Qwen/Qwen3-8B", "H100-SXM-80GB", MaxNumSeqs: batch),
            LoadSpec.Saturate,
            TimeSpan.FromSeconds(10),
            TimeSpan.FromSeconds(30),
            1,
            lengths,
            CancellationToken.None
        );
        return result.InterTokenLatency.Percentile(0.99) / result.MedianInterTokenLatency;
    }
}
