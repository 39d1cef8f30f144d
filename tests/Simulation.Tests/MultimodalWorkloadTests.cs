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
        lengths.EncoderFlopsPerPromptToken.Should().Be(0);
        Workloads
            .LmArenaChat.LengthsFor(Host.Models.Get("Qwen/Qwen3-VL-8B-Instruct"))
            .EncoderFlopsPerPromptToken.Should()
            .Be(0, "a text workload sends no image, whatever the model");
    }

    [Fact]
    public void TheEncodersFlopsAreSpreadOverThePromptTokens()
    {
        var lengths = Workloads.ImageChat.LengthsFor(Host.Models.Get("Qwen/Qwen3-VL-8B-Instruct"));

        lengths.EncoderFlopsPerPromptToken.Should().BeApproximately(3_710_625_251_328 / 850.0, 1);
    }

    [Fact]
    public void TheEncoderLengthensOnlyStepsThatCarryPromptTokensAtTheGpusBf16Rate()
    {
        var model = Host.Models.Get("Qwen/Qwen3-VL-8B-Instruct");
        var gpu = Host.Gpus.Get("H100-SXM-80GB");
        var calibration = Host.Calibration;
        var text = new StepCostModel(model, gpu, calibration, 2);
        var vision = new StepCostModel(model, gpu, calibration, 2, encoderFlopsPerPromptToken: 4e9);

        vision.Mix(64, 64_000, 0, 0, 64).Should().Be(text.Mix(64, 64_000, 0, 0, 64), "decode-only steps");
        var extra =
            vision.Mix(64, 64_000, 1000, 500_000, 65).MatmulComputeSeconds
            - text.Mix(64, 64_000, 1000, 500_000, 65).MatmulComputeSeconds;
        var achieved = gpu.Achieved ?? Hardware.AchievedScale.Same;
        var expected = 1000 * 4e9 / 2 / (gpu.DenseBf16FlopsPerSecond * achieved.Compute * calibration.GemmEfficiency);
        extra.Should().BeApproximately(expected, expected * 1e-9, "1,000 prompt tokens' encoder work over two GPUs");
    }

    private static double Prompt(string model, Workload workload) =>
        workload.LengthsFor(Host.Models.Get(model)).Prompt.Mean;
}
