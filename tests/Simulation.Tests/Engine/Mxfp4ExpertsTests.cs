using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Tests.Engine;

/// <summary>
/// MXFP4 models as vLLM 0.11.1 runs them: the experts at the FP8 tensor rate where FP4 tensor cores exist (FlashInfer's
/// MXFP4 x MXFP8 MoE on Blackwell), the other linear layers in bf16 everywhere.
/// </summary>
public sealed class Mxfp4ExpertsTests
{
    private static readonly ModelCatalog Models = ModelCatalog.LoadDefault();
    private static readonly GpuCatalog Gpus = GpuCatalog.LoadDefault();
    private static readonly EngineCalibration Calibration = EngineCalibration.LoadDefault();

    // Shared: attention 36 × 2,880 × 64 × (2 × 64 + 2 × 8) = 955,514,880, routers 36 × 2,880 × 128 = 13,271,040,
    // LM head 201,088 × 2,880 = 579,133,440: 1,547,919,360. Experts: 36 × 4 × 3 × 2,880² = 3,583,180,800 a token.

    [Fact]
    public void OnB200TheExpertsRunAtFp8AndTheOtherLayersAtBf16()
    {
        // 2 × (1,547,919,360 / 2.25e15 + 3,583,180,800 / 4.5e15) s / 0.8094 = 3.667474 us a token.
        var b200 = new StepCostModel(Models.Get("openai/gpt-oss-120b"), Gpus.Get("B200-SXM-180GB"), Calibration, 1);
        b200.Mix(1, 0, 0, 0, 1).MatmulComputeSeconds.Should().BeApproximately(3.667474e-6, 1e-12);
    }

    [Fact]
    public void OnH100EveryLayerRunsAtBf16()
    {
        // 2 × (1,547,919,360 + 3,583,180,800) / 9.89e14 s / 0.8094 = 12.819793 us a token.
        var h100 = new StepCostModel(Models.Get("openai/gpt-oss-120b"), Gpus.Get("H100-SXM-80GB"), Calibration, 1);
        h100.Mix(1, 0, 0, 0, 1).MatmulComputeSeconds.Should().BeApproximately(1.2819793e-5, 1e-11);
    }
}
