using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Tests.Engine;

/// <summary>
/// Expert parallelism without data parallelism as vLLM 0.11 runs it: the MoE output is all-reduced as under tensor
/// parallelism, each GPU holds whole experts and a MoE layer lasts as long as the GPU whose experts the step touches
/// most, its bf16 experts read slower once the step's tokens outnumber them (vLLM's default fused-MoE tiling); and a
/// collective over eight GPUs pays the published step of the all-reduce's latency from four to eight.
/// </summary>
public sealed class ExpertParallelTests
{
    private const string Qwen235 = "Qwen/Qwen3-235B-A22B-Instruct-2507";
    private static readonly ModelCatalog Models = ModelCatalog.LoadDefault();
    private static readonly GpuCatalog Gpus = GpuCatalog.LoadDefault();
    private static readonly EngineCalibration Calibration = EngineCalibration.LoadDefault();

    [Fact]
    public void TheBusiestOfTwoGpusWithTwoExpertsEachTouchesElevenEighthsOfTheMean()
    {
        // E = 4, k = 2, one token: p = 1 − (1 − 2/4)¹ = 0.5; a GPU touches Binomial(2, 0.5) experts: F(0) = 0.25,
        // F(1) = 0.75. E[max of 2] = (1 − 0.25²) + (1 − 0.75²) = 0.9375 + 0.4375 = 1.375; mean 2 × 0.5 = 1.
        new ExpertLoadImbalance(4, 2, 2)
            .Factor(1)
            .Should()
            .BeApproximately(1.375, 1e-12);
    }

    [Fact]
    public void OneGpuNoTokensAndEveryExpertTouchedHaveNoImbalance()
    {
        new ExpertLoadImbalance(128, 8, 1).Factor(8).Should().Be(1);
        new ExpertLoadImbalance(128, 8, 8).Factor(0).Should().Be(1);
        new ExpertLoadImbalance(128, 8, 8).Factor(4096).Should().Be(1, "every expert is touched");
    }

    [Fact]
    public void EightTokensOverQwen3s128ExpertsOnEightGpusTouchTheBusiestGpu43PercentMoreThanTheMean()
    {
        // 16 experts a GPU, p = 1 − (120/128)^8 = 0.40328:
        // Σ_{j<16} (1 − F(j)^8) / (16 p) = 1.43488 (binomial sums).
        new ExpertLoadImbalance(128, 8, 8)
            .Factor(8)
            .Should()
            .BeApproximately(1.43488, 1e-4);
        new ExpertLoadImbalance(128, 8, 2).Factor(8).Should().BeApproximately(1.08561, 1e-4);
    }

    [Fact]
    public void ExpertParallelismReadsTheBusiestGpusExperts()
    {
        // Qwen3-235B on 8 H100s: 94 × 128 experts × 3 × 4,096 × 1,536 weights × 2 B / 8 = 56,774,098,944 B a GPU,
        // read at 3.35 TB/s × 0.7831 in 21.6415 ms. Eight tokens touch 0.40328 of them on the mean GPU, and 1.43488
        // times that on the busiest: 0.40328 × 0.43488 × 21.6415 ms = 3.7955 ms more than tensor parallelism reads.
        var model = Models.Get(Qwen235);
        var gpu = Gpus.Get("H100-SXM-80GB");
        var expert = new StepCostModel(model, gpu, Calibration, 8, expertParallel: true).Mix(8, 8_000, 0, 0, 8);
        var tensor = new StepCostModel(model, gpu, Calibration, 8).Mix(8, 8_000, 0, 0, 8);

        (expert.MatmulMemorySeconds - tensor.MatmulMemorySeconds).Should().BeApproximately(3.7955e-3, 2e-6);
    }

    [Fact]
    public void Bf16ExpertsReadSlowerOnceTheTokensOutnumberTheGpusExperts()
    {
        // Qwen3-235B over 8 H100s holds 16 experts a GPU. 16 tokens: the small default tiling, no charge. 32 tokens:
        // the busiest GPU touches 0.87321 × 1.11651 of its experts, read in 21.6415 ms each whole: 26 % more of that
        // is 0.87321 × 1.11651 × 21.6415 ms × 0.26 = 5.4858 ms.
        var model = Models.Get(Qwen235);
        var gpu = Gpus.Get("H100-SXM-80GB");
        var tuned = Calibration with { MoeDefaultTilingSlowdown = 1 };
        double Extra(int tokens) =>
            new StepCostModel(model, gpu, Calibration, 8, expertParallel: true)
                .Mix(tokens, tokens * 1_000, 0, 0, tokens)
                .MatmulMemorySeconds
            - new StepCostModel(model, gpu, tuned, 8, expertParallel: true)
                .Mix(tokens, tokens * 1_000, 0, 0, tokens)
                .MatmulMemorySeconds;

        Extra(16).Should().Be(0);
        Extra(32).Should().BeApproximately(5.4858e-3, 2e-6);
    }

    [Fact]
    public void FpEightExpertsAndTensorParallelismAreNotChargedTheDefaultTiling()
    {
        var gpu = Gpus.Get("H100-SXM-80GB");
        var tuned = Calibration with { MoeDefaultTilingSlowdown = 1 };
        var fp8 = Models.Get("Qwen/Qwen3-235B-A22B-Instruct-2507-FP8");
        var bf16 = Models.Get(Qwen235);

        new StepCostModel(fp8, gpu, Calibration, 8, expertParallel: true)
            .Mix(64, 64_000, 0, 0, 64)
            .Should()
            .Be(new StepCostModel(fp8, gpu, tuned, 8, expertParallel: true).Mix(64, 64_000, 0, 0, 64));
        new StepCostModel(bf16, gpu, Calibration, 8)
            .Mix(64, 64_000, 0, 0, 64)
            .Should()
            .Be(new StepCostModel(bf16, gpu, tuned, 8).Mix(64, 64_000, 0, 0, 64));
    }

    [Fact]
    public void ExpertParallelismWithoutDataParallelismAllReducesLikeTensorParallelism()
    {
        // No dispatch and combine: 94 attention and 94 MoE all-reduces either way.
        var model = Models.Get(Qwen235);
        var gpu = Gpus.Get("H100-SXM-80GB");
        var expert = new StepCostModel(model, gpu, Calibration, 8, expertParallel: true).Mix(8, 8_000, 0, 0, 8);
        var tensor = new StepCostModel(model, gpu, Calibration, 8).Mix(8, 8_000, 0, 0, 8);

        expert.StallSeconds.Should().Be(tensor.StallSeconds);
    }

    [Fact]
    public void ACollectiveOverEightGpusPays2Point6MicrosecondsMore()
    {
        // Llama-3.1-70B at TP8: 80 attention and 80 MLP all-reduces a step, each 2.6 us slower than over four GPUs:
        // 160 × 2.6 us = 416 us.
        var model = Models.Get("meta-llama/Llama-3.1-70B-Instruct");
        var gpu = Gpus.Get("H100-SXM-80GB");
        var flat = Calibration with { CollectiveLatencySecondsOverFourGpus = 0 };
        var shipped = new StepCostModel(model, gpu, Calibration, 8).Mix(8, 8_000, 0, 0, 8);
        var without = new StepCostModel(model, gpu, flat, 8).Mix(8, 8_000, 0, 0, 8);

        (shipped.StallSeconds - without.StallSeconds).Should().BeApproximately(416e-6, 1e-9);
        StepCostModel.CollectiveLatency(gpu, Calibration, 4).Should().Be(gpu.Interconnect.LatencySeconds);
        StepCostModel.CollectiveLatency(gpu, Calibration, 8).Should().BeApproximately(10.011e-6, 1e-12);
    }
}
