using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Tests.Engine;

/// <summary>
/// vLLM 0.11 cannot capture chunked local attention (Llama 4) in a full CUDA graph, so it runs every step of such a
/// model with piecewise graphs broken at each attention layer; a decode step then costs what vLLM's own measurement
/// of piecewise against full graphs says (Llama-3.1-8B: about 7 % of 7.63 ms over 32 attention layers, 16.7 µs a
/// layer). Every other model's decode steps run one full graph.
/// </summary>
public sealed class PiecewiseDecodeTests
{
    private static readonly ModelCatalog Models = ModelCatalog.LoadDefault();
    private static readonly GpuCatalog Gpus = GpuCatalog.LoadDefault();
    private static readonly EngineCalibration Calibration = EngineCalibration.LoadDefault();
    private static readonly EngineCalibration FullGraphs = Calibration with
    {
        PiecewiseDecodeSecondsPerAttentionLayer = 0,
    };

    [Fact]
    public void TheShippedConstantIsVllmsMeasuredPiecewiseCostPerAttentionLayer()
    {
        Calibration.PiecewiseDecodeSecondsPerAttentionLayer.Should().BeApproximately(0.07 * 7.63e-3 / 32, 0.05e-6);
    }

    [Fact]
    public void ALlama4DecodeStepPaysThePiecewiseGraphsAtEachOfItsFortyEightAttentionLayers()
    {
        // 48 layers, all with attention (36 chunked local, 12 global): 48 × 16.7 µs = 0.80 ms on the H100's host.
        var scout = Models.Get("meta-llama/Llama-4-Scout-17B-16E-Instruct");
        var gpu = Gpus.Get("H100-SXM-80GB");

        var piecewise = new StepCostModel(scout, gpu, Calibration, 4, expertParallel: true).Mix(64, 64_000, 0, 0, 64);
        var full = new StepCostModel(scout, gpu, FullGraphs, 4, expertParallel: true).Mix(64, 64_000, 0, 0, 64);

        (piecewise.StallSeconds - full.StallSeconds).Should().BeApproximately(48 * 16.7e-6, 1e-6);
        piecewise.MatmulComputeSeconds.Should().Be(full.MatmulComputeSeconds);
    }

    [Fact]
    public void AStepThatCarriesAPromptPaysItsPromptStepOverheadAndNotThePiecewiseOneOnTop()
    {
        var scout = Models.Get("meta-llama/Llama-4-Scout-17B-16E-Instruct");
        var gpu = Gpus.Get("H100-SXM-80GB");

        var piecewise = new StepCostModel(scout, gpu, Calibration, 4).Mix(64, 64_000, 500, 125_000, 65);
        var full = new StepCostModel(scout, gpu, FullGraphs, 4).Mix(64, 64_000, 500, 125_000, 65);

        piecewise.StallSeconds.Should().Be(full.StallSeconds);
    }

    [Theory]
    [InlineData("meta-llama/Llama-3.1-70B-Instruct")]
    [InlineData("google/gemma-3-27b-it")]
    [InlineData("nvidia/NVIDIA-Nemotron-Nano-9B-v2")]
    public void ModelsWhoseAttentionVllmCapturesWholeDecodeInOneFullGraph(string id)
    {
        var model = Models.Get(id);
        var gpu = Gpus.Get("H100-SXM-80GB");

        var shipped = new StepCostModel(model, gpu, Calibration, 1).Mix(32, 32_000, 0, 0, 32);
        var full = new StepCostModel(model, gpu, FullGraphs, 1).Mix(32, 32_000, 0, 0, 32);

        shipped.StallSeconds.Should().Be(full.StallSeconds);
    }

    [Fact]
    public void AServerStartedWithPiecewiseGraphsPaysThemOnEveryDecodeStep()
    {
        // ML.ENERGY's gpt-oss H100 servers set cudagraph_mode PIECEWISE: 36 attention layers × 16.7 µs = 0.60 ms a
        // decode step; a step that carries a prompt chunk pays its own prompt-step overhead either way.
        var model = Models.Get("openai/gpt-oss-120b");
        var gpu = Gpus.Get("H100-SXM-80GB");
        var piecewise = new StepCostModel(model, gpu, Calibration with { PiecewiseDecodeGraphs = true }, 2);
        var full = new StepCostModel(model, gpu, Calibration, 2);

        (piecewise.Mix(64, 64_000, 0, 0, 64).StallSeconds - full.Mix(64, 64_000, 0, 0, 64).StallSeconds)
            .Should()
            .BeApproximately(36 * 16.7e-6, 1e-9);
        piecewise
            .Mix(64, 64_000, 500, 125_000, 65)
            .StallSeconds.Should()
            .Be(full.Mix(64, 64_000, 500, 125_000, 65).StallSeconds);
    }
}
