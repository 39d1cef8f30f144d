using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Tests.Engine;

/// <summary>
/// Block-FP8 experts as vLLM 0.11.1 runs them with DeepGEMM's contiguous grouped GEMM: a workspace of
/// round_up(T·k + E_local·127, 128) rows, all of them computed, the padded ones after the real rows; on Hopper only
/// for steps of 128 tokens or more, below which the Triton kernel reads the experts' weights at its published rate;
/// not for bf16 or per-channel FP8 experts, nor where the run chose FlashInfer's FP8 MoE.
/// </summary>
public sealed class DeepGemmExpertsTests
{
    private static readonly ModelCatalog Models = ModelCatalog.LoadDefault();
    private static readonly GpuCatalog Gpus = GpuCatalog.LoadDefault();
    private static readonly EngineCalibration Calibration = EngineCalibration.LoadDefault();

    private static DeepGemmExperts? For(string model, string gpu, int gpus, bool expertParallel = true) =>
        DeepGemmExperts.For(Models.Get(model), Gpus.Get(gpu), Calibration, gpus, expertParallel, 1);

    [Fact]
    public void EightH100sPadQwen3FP8sSixteenLocalExpertsTo3072RowsFrom128Tokens()
    {
        // T = 128, k = 8, 16 local experts: 1,024 + 16 × 127 = 3,056 -> 3,072 rows; the GPU's own rows are
        // 128 × 8 × 16/128 = 128, so 2,944 are padding. At 127 tokens Hopper runs the Triton kernel instead.
        var experts = For("Qwen/Qwen3-235B-A22B-Instruct-2507-FP8", "H100-SXM-80GB", 8)!;
        experts.PaddedRows(128).Should().Be(2944);
        experts.PaddedRows(127).Should().Be(0);
    }

    [Fact]
    public void FourB200sPadEveryStepEvenOfEightTokens()
    {
        // T = 8, 32 local experts: 64 + 32 × 127 = 4,128 -> 4,224 rows, less 8 × 8 × 32/128 = 16 of the GPU's own.
        For("Qwen/Qwen3-235B-A22B-Instruct-2507-FP8", "B200-SXM-180GB", 4)!.PaddedRows(8).Should().Be(4208);
    }

    [Fact]
    public void DataParallelRanksPadTheGatheredTokensOverTheirShareOfTheExperts()
    {
        // EP8 DP8: 160 / 8 = 20 local experts. One decode token a rank, gathered to 8: 64 + 20 × 127 = 2,604 ->
        // 2,688 rows, less 8 × 8 × 20/160 = 8 of the GPU's own. A full 8,192-token budget on one rank, every rank
        // padded to it and gathered (65,536 tokens): 524,288 + 2,540 = 526,828 -> 526,848 rows, less 65,536 own.
        var ep8 = DeepGemmExperts.For(
            Models.Get("Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8"),
            Gpus.Get("B200-SXM-180GB"),
            Calibration,
            1,
            true,
            8
        )!;
        ep8.PaddedRows(8).Should().Be(2680);
        ep8.PaddedRows(65_536).Should().Be(461_312);

        // EP4 DP4: 40 local experts; 8 gathered tokens: 64 + 5,080 = 5,144 -> 5,248 rows, less 8 × 8 × 40/160 = 16.
        var ep4 = DeepGemmExperts.For(
            Models.Get("Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8"),
            Gpus.Get("B200-SXM-180GB"),
            Calibration,
            1,
            true,
            4
        )!;
        ep4.PaddedRows(8).Should().Be(5232);
    }

    [Fact]
    public void PaddedRowsCostTwoFlopsPerExpertWeightAtTheFittedFp8Rate()
    {
        // 2,944 rows × 2 × 94 layers × 3 × 4,096 × 1,536 weights = 1.04464e13 FLOPs at 1,979 TFLOP/s × 0.8094 =
        // 6.52167 ms, all of it added: the padded blocks run after the real rows' weight reads.
        var experts = For("Qwen/Qwen3-235B-A22B-Instruct-2507-FP8", "H100-SXM-80GB", 8)!;
        experts.Seconds(128).Should().BeApproximately(6.52167e-3, 1e-8);
        experts.Seconds(127).Should().Be(0);
    }

    [Fact]
    public void EachPaddedRowMovesThreeHiddenAndFourteenIntermediateBytesALayer()
    {
        // 3 × 4,096 + 14 × 1,536 = 33,792 B a row a layer; × 94 layers × 2,944 rows = 9,351,462,912 B.
        var experts = For("Qwen/Qwen3-235B-A22B-Instruct-2507-FP8", "H100-SXM-80GB", 8)!;
        experts.PaddedBytes(128).Should().Be(9_351_462_912);
    }

    [Fact]
    public void HopperRunsTheTritonKernelBelow128TokensAndBlackwellNever()
    {
        var h100 = For("Qwen/Qwen3-235B-A22B-Instruct-2507-FP8", "H100-SXM-80GB", 8)!;
        h100.RunsTriton(1).Should().BeTrue();
        h100.RunsTriton(127).Should().BeTrue();
        h100.RunsTriton(128).Should().BeFalse();
        h100.RunsTriton(0).Should().BeFalse("a step without tokens runs no experts");
        For("Qwen/Qwen3-235B-A22B-Instruct-2507-FP8", "B200-SXM-180GB", 4)!.RunsTriton(8).Should().BeFalse();
    }

    [Fact]
    public void TheTritonKernelReadsTheExpertsAtTheSharePublishedForItOnTheH100()
    {
        // Below 128 tokens the experts' weight reads take 0.7831 / 0.265 = 2.95509 times as long as at the fitted
        // weight bandwidth; the shared weights' reads (the step of no tokens) do not change.
        var gpu = Gpus.Get("H100-SXM-80GB");
        var model = Models.Get("Qwen/Qwen3-235B-A22B-Instruct-2507-FP8");
        var fp8 = new StepCostModel(model, gpu, Calibration, 8, true);
        var fitted = new StepCostModel(model with { WeightBlockSize = 0 }, gpu, Calibration, 8, true);
        double Experts(StepCostModel cost, int tokens) =>
            cost.Mix(tokens, tokens * 1000.0, 0, 0, tokens).MatmulMemorySeconds
            - cost.Mix(0, 0, 0, 0, 0).MatmulMemorySeconds;
        fp8.Mix(0, 0, 0, 0, 0).MatmulMemorySeconds.Should().Be(fitted.Mix(0, 0, 0, 0, 0).MatmulMemorySeconds);
        (Experts(fp8, 8) / Experts(fitted, 8)).Should().BeApproximately(0.7831 / 0.265, 1e-9);
        (Experts(fp8, 127) / Experts(fitted, 127)).Should().BeApproximately(0.7831 / 0.265, 1e-9);
    }

    [Fact]
    public void Bf16PerChannelFp8AndFlashInferRunsHaveNoDeepGemmExperts()
    {
        For("Qwen/Qwen3-235B-A22B-Instruct-2507", "H100-SXM-80GB", 8).Should().BeNull();
        For("meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8", "H100-SXM-80GB", 8).Should().BeNull();
        For("deepseek-ai/DeepSeek-V3.1", "B200-SXM-180GB", 8).Should().BeNull("the v3 runs set FlashInfer's FP8 MoE");
        For("deepseek-ai/DeepSeek-V3.1", "H100-SXM-80GB", 8).Should().NotBeNull();
    }

    [Fact]
    public void TheStepCarriesThePaddingAsComputeTheMatmulRooflineDoesNotOverlap()
    {
        var gpu = Gpus.Get("H100-SXM-80GB");
        var fp8 = new StepCostModel(Models.Get("Qwen/Qwen3-235B-A22B-Instruct-2507-FP8"), gpu, Calibration, 8, true);
        var bf16 = new StepCostModel(Models.Get("Qwen/Qwen3-235B-A22B-Instruct-2507"), gpu, Calibration, 8, true);
        fp8.Mix(127, 127_000, 0, 0, 127).SerialComputeSeconds.Should().Be(0);
        fp8.Mix(128, 128_000, 0, 0, 128).SerialComputeSeconds.Should().BeApproximately(6.52167e-3, 1e-8);
        bf16.Mix(128, 128_000, 0, 0, 128).SerialComputeSeconds.Should().Be(0);
        // The padded rows' 9,351,462,912 B at 3.35 TB/s × 0.7831 = 3.56466 ms more of the matmuls' memory time.
        var fp8Without = new StepCostModel(
            Models.Get("Qwen/Qwen3-235B-A22B-Instruct-2507-FP8") with
            {
                WeightBlockSize = 0,
            },
            gpu,
            Calibration,
            8,
            true
        );
        (
            fp8.Mix(128, 128_000, 0, 0, 128).MatmulMemorySeconds
            - fp8Without.Mix(128, 128_000, 0, 0, 128).MatmulMemorySeconds
        )
            .Should()
            .BeApproximately(3.56466e-3, 1e-8);
    }
}
