using MLEnergy.Simulation;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Tests;

/// <summary>Mixture-of-experts, quantized, latent-attention and hybrid models run as their shape says.</summary>
public sealed class ModelKindTests
{
    private static readonly SimulatedHost Host = SimulatedHost.CreateDefault();

    private static SimulatedTrialResult Run(SimulatedServingConfig config) =>
        Host.Run(config, LoadSpec.Saturate, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(20), 1);

    [Theory]
    [InlineData("Qwen/Qwen3-235B-A22B-Instruct-2507-FP8", "H100", 8, true)]
    [InlineData("deepseek-ai/DeepSeek-V3.1", "B200", 8, true)]
    [InlineData("openai/gpt-oss-120b", "H100", 1, false)]
    [InlineData("meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8", "H100", 8, false)]
    [InlineData("nvidia/NVIDIA-Nemotron-Nano-12B-v2", "B200", 1, false)]
    [InlineData("meta-llama/Llama-3.1-405B-Instruct-FP8", "H100", 8, false)]
    public void ModelsOfEveryKindServeOnTheGpusTheyWereMeasuredOn(string model, string gpu, int gpus, bool ep)
    {
        var result = Run(new SimulatedServingConfig(model, gpu, gpus, 1, 64, HostGpuCount: gpus, ExpertParallel: ep));

        result.Feasible.Should().BeTrue(result.InfeasibleReason);
        result.GeneratedTokens.Should().BeGreaterThan(1000);
    }

    [Fact]
    public void AMixtureOfExpertsDecodesFasterThanADenseModelOfItsTotalSizeAtSmallBatch()
    {
        var moe = Run(new SimulatedServingConfig("Qwen/Qwen3-30B-A3B-Instruct-2507", "H100", MaxNumSeqs: 8));
        var dense = Run(new SimulatedServingConfig("Qwen/Qwen3-32B", "H100", MaxNumSeqs: 8));

        moe.MedianInterTokenLatency.Should().BeLessThan(dense.MedianInterTokenLatency * 0.7);
    }

    [Fact]
    public void Fp8WeightsDecodeFasterThanBf16OnesOfTheSameShape()
    {
        var bf16 = Run(new SimulatedServingConfig("Qwen/Qwen3-235B-A22B-Instruct-2507", "H100", 8, 1, 16));
        var fp8 = Run(new SimulatedServingConfig("Qwen/Qwen3-235B-A22B-Instruct-2507-FP8", "H100", 8, 1, 16));

        fp8.MedianInterTokenLatency.Should().BeLessThan(bf16.MedianInterTokenLatency);
    }

    [Fact]
    public void TheB200ServesTheSameConfigurationFasterThanTheH100()
    {
        var h100 = Run(new SimulatedServingConfig("Qwen/Qwen3-8B", "H100", MaxNumSeqs: 64));
        var b200 = Run(new SimulatedServingConfig("Qwen/Qwen3-8B", "B200", MaxNumSeqs: 64));

        b200.MedianInterTokenLatency.Should().BeLessThan(h100.MedianInterTokenLatency);
    }

    [Fact]
    public void ExpertParallelismNeedsExpertsThatSplitEvenly()
    {
        Host.FindInfeasibility(new SimulatedServingConfig("Qwen/Qwen3-8B", "H100", 2, ExpertParallel: true))
            .Should()
            .Contain("no experts");
        var scout = new SimulatedServingConfig(
            "meta-llama/Llama-4-Scout-17B-16E-Instruct",
            "H100",
            3,
            ExpertParallel: true
        );
        Host.FindInfeasibility(scout).Should().NotBeNull();
    }
}
