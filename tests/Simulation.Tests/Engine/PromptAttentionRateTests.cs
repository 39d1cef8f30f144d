using MLEnergy.Simulation.Engine;

namespace MLEnergy.Simulation.Tests.Engine;

/// <summary>
/// A prompt's attention runs at the published causal forward rate of the kernel vLLM 0.11.1 runs it with on the GPU
/// kind (FlashAttention-3 on the H100 and H200: 521 TFLOP/s at 2k tokens, head dim 128); a decode's attention, and
/// every kind without a published rate (the B200), compute at the engine's attention efficiency times the bf16 peak.
/// Worked by hand for Llama-3.1-70B over four GPUs: 80 layers × 4 × 64 heads × 128 = 2,621,440 FLOPs per query-key
/// pair, 655,360 per GPU; a 2,000-token prompt alone has 2,000 × 1,000 = 2,000,000 causal pairs.
/// </summary>
public sealed class PromptAttentionRateTests
{
    private const string Llama = "meta-llama/Llama-3.1-70B-Instruct";
    private static readonly SimulatedHost Host = SimulatedHost.CreateDefault();

    [Fact]
    public void TheHopperKindsCarryFlashAttention3sPublishedRateAndTheOthersNone()
    {
        Host.Gpus.Get("H100-SXM-80GB").PromptAttentionFlopsPerSecond.Should().Be(521e12);
        Host.Gpus.Get("H200-SXM-141GB").PromptAttentionFlopsPerSecond.Should().Be(521e12);
        Host.Gpus.Get("B200-SXM-180GB").PromptAttentionFlopsPerSecond.Should().Be(0);
    }

    [Fact]
    public void ATwoThousandTokenPromptOnTheH100TakesItsFlopsAtFlashAttention3sRate()
    {
        // 2,000,000 pairs × 655,360 FLOPs = 1.31072 TFLOP per GPU, at 521 TFLOP/s: 2.5158 ms (at the engine's
        // efficiency, 0.09827 × 989 TFLOP/s, it would be 13.486 ms).
        var step = Cost("H100-SXM-80GB").Mix(0, 0, 2000, 2_000_000, 1);

        step.AttentionComputeSeconds.Should().BeApproximately(2.5158e-3, 1e-7);
    }

    [Fact]
    public void TheB200sPromptAttentionKeepsTheEnginesEfficiencyTimesItsPeak()
    {
        // 1.31072 TFLOP at 0.09827 × 2,250 TFLOP/s: 5.928 ms.
        var step = Cost("B200-SXM-180GB").Mix(0, 0, 2000, 2_000_000, 1);

        step.AttentionComputeSeconds.Should().BeApproximately(5.928e-3, 1e-6);
    }

    [Fact]
    public void ADecodesAttentionComputeKeepsTheEnginesEfficiencyOnTheH100()
    {
        // 64 sequences reading 64,000 tokens of context: 64,000 × 655,360 FLOPs = 41.94 GFLOP at 0.09827 × 989 TFLOP/s:
        // 0.4316 ms; with the prompt above in the same step, the two add.
        var cost = Cost("H100-SXM-80GB");

        cost.Mix(64, 64_000, 0, 0, 64).AttentionComputeSeconds.Should().BeApproximately(4.316e-4, 1e-7);
        cost.Mix(64, 64_000, 2000, 2_000_000, 65)
            .AttentionComputeSeconds.Should()
            .BeApproximately(4.316e-4 + 2.5158e-3, 2e-7);
    }

    private static StepCostModel Cost(string gpuId) =>
        new(Host.Models.Get(Llama), Host.Gpus.Get(gpuId), Host.Calibration, 4);
}
