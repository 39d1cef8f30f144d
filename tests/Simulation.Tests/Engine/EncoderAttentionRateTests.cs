using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Load;
using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Tests.Engine;

/// <summary>
/// vLLM 0.11 runs a vision encoder's attention on the B200 with FlashAttention-2-class kernels (torch SDPA), which
/// reach the H100's rate there rather than the B200's peak: the encoder's attention takes as long on a B200 as on an
/// H100, while its matmuls and the language model's attention keep the B200's peak.
/// </summary>
public sealed class EncoderAttentionRateTests
{
    private static readonly SimulatedHost Host = SimulatedHost.CreateDefault();
    private static readonly EncoderFlops Image = new(2_536_488_566_784, 1_174_136_684_544);

    [Fact]
    public void TheB200sEncoderAttentionIsTheH100sTimesTheirFlashAttention2Rates()
    {
        var h100 = Extra("H100-SXM-80GB", Image);
        var b200 = Extra("B200-SXM-180GB", Image);

        // H100: 1.174 TFLOP at 0.09827 x 989 TFLOP/s = 12.08 ms. B200: at 0.09827 x 2,250 x 0.4297 TFLOP/s, 989 /
        // (2,250 x 0.4297) = 1.02294 times as long: the published FlashAttention-2 rates, 369.9 / 361.6 = 1.02295.
        h100.AttentionComputeSeconds.Should().BeApproximately(0.012081, 1e-6);
        (b200.AttentionComputeSeconds / h100.AttentionComputeSeconds).Should().BeApproximately(1.02294, 1e-5);
    }

    [Fact]
    public void TheB200KeepsItsPeakForTheEncodersMatmulsAndTheLanguageModelsAttention()
    {
        var h100 = Extra("H100-SXM-80GB", Image);
        var b200 = Extra("B200-SXM-180GB", Image);

        // The matmuls: 2,250 / 989 = 2.275 times as fast on the B200.
        (h100.MatmulComputeSeconds / b200.MatmulComputeSeconds)
            .Should()
            .BeApproximately(2250.0 / 989, 1e-9);

        // The language model's attention (no encoder): 2,250 / 989 times as fast on the B200.
        var h100Text = Step("H100-SXM-80GB", default).AttentionComputeSeconds;
        var b200Text = Step("B200-SXM-180GB", default).AttentionComputeSeconds;
        (h100Text / b200Text).Should().BeApproximately(2250.0 / 989, 1e-9);
        (Host.Gpus.Get("B200-SXM-180GB").Achieved ?? Hardware.AchievedScale.Same).EncoderAttention.Should().Be(0.4297);
        (Host.Gpus.Get("H100-SXM-80GB").Achieved ?? Hardware.AchievedScale.Same).EncoderAttention.Should().Be(1);
    }

    /// <summary>What the encoder adds to a one-GPU step of Qwen3-VL-8B that decodes 64 sequences and carries 850
    /// prompt tokens.</summary>
    private static (double AttentionComputeSeconds, double MatmulComputeSeconds) Extra(string gpuId, EncoderFlops flops)
    {
        var with = Step(gpuId, flops);
        var without = Step(gpuId, default);
        return (
            with.AttentionComputeSeconds - without.AttentionComputeSeconds,
            with.MatmulComputeSeconds - without.MatmulComputeSeconds
        );
    }

    private static Hardware.KernelMix Step(string gpuId, EncoderFlops flops)
    {
        var model = Host.Models.Get("Qwen/Qwen3-VL-8B-Instruct");
        var media = Workloads.ImageChat.LengthsFor(model).Media!;
        var cost = new StepCostModel(model, Host.Gpus.Get(gpuId), Host.Calibration, 1, media: media);
        return cost.Mix(64, 64_000, 850, 361_250, 65, encoder: flops);
    }
}
