using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Tests;

/// <summary>
/// image-chat and video-chat prompts as each model's processor makes them, and the vision encoder's compute on the
/// steps that carry them.
/// </summary>
public sealed class MultimodalWorkloadTests
{
    private static readonly SimulatedHost Host = SimulatedHost.CreateDefault();

    [Fact]
    public void AnImageChatPromptIsTheTextAndTheImagesTokensForThatModel()
    {
        // 80 text tokens + a 1024 × 768 image: Qwen3-VL 770, Gemma 3 260, Llama 4 1,888.
        Prompt("Qwen/Qwen3-VL-8B-Instruct", Workloads.ImageChat).Should().Be(850);
        Prompt("google/gemma-3-27b-it", Workloads.ImageChat).Should().Be(340);
        Prompt("meta-llama/Llama-4-Scout-17B-16E-Instruct", Workloads.ImageChat).Should().Be(1968);
    }

    [Fact]
    public void AVideoChatPromptIsTheTextAndTheKeptFramesTokens()
    {
        // 60 text tokens + 2 × (880 + 2) for the 32-frame 720p clip.
        Prompt("Qwen/Qwen3-VL-32B-Instruct", Workloads.VideoChat).Should().Be(1824);
    }

    [Fact]
    public void AModelWithoutAnEncoderKeepsTheTextOnlyEstimateAndNoEncoderWork()
    {
        var lengths = Workloads.ImageChat.LengthsFor(Host.Models.Get("nvidia/NVIDIA-Nemotron-Nano-12B-v2-VL-BF16"));

        lengths.Prompt.Should().Be(Workloads.ImageChat.Prompt);
        lengths.Media.Should().BeNull();
        Workloads
            .LmArenaChat.LengthsFor(Host.Models.Get("Qwen/Qwen3-VL-8B-Instruct"))
            .Media.Should()
            .BeNull("a text workload sends no image, whatever the model");
    }

    [Fact]
    public void TheMeanPromptsImageIsTheEstimatedImageAndALargerPromptALargerImage()
    {
        var media = Workloads.ImageChat.LengthsFor(Host.Models.Get("Qwen/Qwen3-VL-8B-Instruct")).Media!;

        // 80 text tokens + 770 image tokens; the 1024 × 768 image's 3,072 patches (see VisionEncoderTests).
        media.MeanPromptTokens.Should().Be(850);
        media.MediaShare.Should().BeApproximately(770 / 850.0, 1e-12);
        media.For(850).Matmul.Should().BeApproximately(2_536_488_566_784, 1e3);
        media.For(850).Attention.Should().BeApproximately(1_174_136_684_544, 1e3);

        // Twice the prompt: twice the patches (4 × 1024 × 768 pixels), so twice the matmuls and, one span of twice
        // the patches, four times the query-key pairs.
        media.For(1700).Matmul.Should().BeApproximately(5_072_977_133_568, 1e3);
        media.For(1700).Attention.Should().BeApproximately(4_696_546_738_176, 1e3);
    }

    [Fact]
    public void Llama4sLargerImageIsMoreTilesSoItsAttentionGrowsOnlyWithIt()
    {
        var media = Workloads.ImageChat.LengthsFor(Host.Models.Get("meta-llama/Llama-4-Scout-17B-16E-Instruct")).Media!;

        media.For(2 * 1968).Attention.Should().BeApproximately(2 * media.For(1968).Attention, 1e3);
    }

    [Fact]
    public void APrefixCacheThatHoldsTheImagesTokensSkipsItsEncoder()
    {
        var media = Workloads.ImageChat.LengthsFor(Host.Models.Get("Qwen/Qwen3-VL-8B-Instruct")).Media!;

        // The image is 770 of 850 tokens, at the prompt's start.
        media.Needed(850, 0).Should().BeTrue();
        media.Needed(850, 768).Should().BeTrue("one block of the image is not cached: vLLM encodes it again");
        media.Needed(850, 784).Should().BeFalse();
    }

    [Fact]
    public void TheEncodersMatmulsRunAtTheMatmulRateItsAttentionAtThePromptAttentionsRateItsLayersEagerlyAndAllReduced()
    {
        var model = Host.Models.Get("Qwen/Qwen3-VL-8B-Instruct");
        var gpu = Host.Gpus.Get("H100-SXM-80GB");
        var calibration = Host.Calibration;
        var media = Workloads.ImageChat.LengthsFor(model).Media!;
        var text = new StepCostModel(model, gpu, calibration, 2);
        var vision = new StepCostModel(model, gpu, calibration, 2, media: media);
        var encoder = new Models.EncoderFlops(2_536_488_566_784, 1_174_136_684_544);

        vision.Mix(64, 64_000, 850, 361_250, 65).Should().Be(text.Mix(64, 64_000, 850, 361_250, 65), "no encoder");
        var with = vision.Mix(64, 64_000, 850, 361_250, 65, encoder: encoder);
        var without = text.Mix(64, 64_000, 850, 361_250, 65);
        var achieved = gpu.Achieved ?? Hardware.AchievedScale.Same;
        var bf16 = gpu.DenseBf16FlopsPerSecond * achieved.Compute;

        // Over two GPUs: 2.54 TFLOP of matmuls at the GEMM efficiency, 1.17 TFLOP of attention at the attention's.
        var matmul = 2_536_488_566_784 / 2.0 / (bf16 * calibration.GemmEfficiency);
        var attention = 1_174_136_684_544 / 2.0 / (bf16 * calibration.AttentionComputeEfficiency);
        (with.MatmulComputeSeconds - without.MatmulComputeSeconds).Should().BeApproximately(matmul, matmul * 1e-9);
        (with.AttentionComputeSeconds - without.AttentionComputeSeconds)
            .Should()
            .BeApproximately(attention, attention * 1e-9);

        // 27 encoder layers at the prompt step's per-layer overhead, each all-reducing the 3,072 patches' 1,152 bf16
        // activations twice over the two GPUs: 54 × 7.08 MB at 0.3316 of 450 GB/s = 2.561 ms, and 54 × 7.411 us.
        var eager = 27 * calibration.MixedStepOverheadSecondsPerLayer * achieved.Overhead;
        media.Patches(encoder).Should().BeApproximately(3072, 1e-9);
        var allreduces = (54 * 1152 * 2.0 * 3072 / (4.5e11 * 0.3316)) + (54 * 7.411e-6);
        allreduces.Should().BeApproximately(0.0029615, 1e-7);
        (with.StallSeconds - without.StallSeconds).Should().BeApproximately(eager + allreduces, 1e-12);
    }

    [Fact]
    public void OnOneGpuTheEncodersLayersAddOnlyTheirEagerOverhead()
    {
        var model = Host.Models.Get("Qwen/Qwen3-VL-8B-Instruct");
        var gpu = Host.Gpus.Get("H100-SXM-80GB");
        var media = Workloads.ImageChat.LengthsFor(model).Media!;
        var vision = new StepCostModel(model, gpu, Host.Calibration, 1, media: media);
        var encoder = new Models.EncoderFlops(2_536_488_566_784, 1_174_136_684_544);

        // 27 layers at 0.06834 ms, nothing to all-reduce.
        var added =
            vision.Mix(64, 64_000, 850, 361_250, 65, encoder: encoder).StallSeconds
            - vision.Mix(64, 64_000, 850, 361_250, 65).StallSeconds;
        added.Should().BeApproximately(27 * 6.834e-5, 1e-12);
    }

    private static double Prompt(string model, Workload workload) =>
        workload.LengthsFor(Host.Models.Get(model)).Prompt.Mean;
}
