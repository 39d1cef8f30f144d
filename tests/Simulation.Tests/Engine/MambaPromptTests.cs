using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Tests.Engine;

/// <summary>
/// What a prompt asks of a hybrid model's Mamba layers, worked out by hand from Nemotron Nano 9B v2's published
/// config (27 Mamba layers, 128 heads of 80, state size 128, 8 groups, SSD chunk 128): its tokens pass the SSD
/// chunked scan at the rate of a prompt's attention, and vLLM 0.11 keeps no prefix cache for the model.
/// </summary>
public sealed class MambaPromptTests
{
    private const string Nemotron = "nvidia/NVIDIA-Nemotron-Nano-9B-v2";
    private static readonly ModelCatalog Models = ModelCatalog.LoadDefault();
    private static readonly GpuCatalog Gpus = GpuCatalog.LoadDefault();
    private static readonly EngineCalibration Calibration = EngineCalibration.LoadDefault();

    [Fact]
    public void OnePromptTokenInOneLayerOfTheScanTakesEightPointOneMillionFlops()
    {
        // 2 × (8 groups × 128 × 128 + 10,240 × (128 + 2 × 128)) = 2 × (131,072 + 3,932,160) = 8,126,464.
        var mamba = Models.Get(Nemotron).Mamba!;

        mamba.ChunkSize.Should().Be(128);
        mamba.ScanFlopsPerToken.Should().Be(8_126_464);
        (mamba with { ChunkSize = 256 }).ScanFlopsPerToken.Should().Be(2 * ((8 * 256 * 128) + (10_240 * 512)));
    }

    [Fact]
    public void AThousandTokenPromptScansAtThePromptAttentionRate()
    {
        // 1,000 tokens × 27 layers × 8,126,464 FLOPs = 219.4 GFLOP, at the H100's 989 TFLOP/s × 0.09827 (the prompt
        // attention's efficiency): 2.258 ms; split over two GPUs of tensor parallelism, half each.
        var model = Models.Get(Nemotron);
        var gpu = Gpus.Get("H100-SXM-80GB");
        var expected = 1000 * 27 * 8_126_464.0 / (989e12 * 0.09827);

        Calibration.AttentionComputeEfficiency.Should().Be(0.09827);
        var one = new StepCostModel(model, gpu, Calibration, 1).Mix(0, 0, 1000, 0, 1);
        var two = new StepCostModel(model, gpu, Calibration, 2).Mix(0, 0, 1000, 0, 1);

        expected.Should().BeApproximately(2.258e-3, 1e-6);
        one.AttentionComputeSeconds.Should().BeApproximately(expected, 1e-9);
        two.AttentionComputeSeconds.Should().BeApproximately(expected / 2, 1e-9);
    }

    [Fact]
    public void DecodeOnlyStepsAndModelsWithoutMambaLayersScanNothing()
    {
        var gpu = Gpus.Get("H100-SXM-80GB");
        var nemotron = new StepCostModel(Models.Get(Nemotron), gpu, Calibration, 1);
        var llama = new StepCostModel(Models.Get("meta-llama/Llama-3.1-70B-Instruct"), gpu, Calibration, 4);

        nemotron.Mix(32, 0, 0, 0, 32).AttentionComputeSeconds.Should().Be(0);
        llama.Mix(0, 0, 1000, 0, 1).AttentionComputeSeconds.Should().Be(0);
    }

    [Fact]
    public void HybridModelsKeepNoPrefixCacheAndOthersDo()
    {
        var gpu = Gpus.Get("H100-SXM-80GB");

        new StepCostModel(Models.Get(Nemotron), gpu, Calibration, 1).PrefixCaching.Should().BeFalse();
        new StepCostModel(Models.Get("nvidia/NVIDIA-Nemotron-Nano-12B-v2-VL-BF16"), gpu, Calibration, 1)
            .PrefixCaching.Should()
            .BeFalse();
        new StepCostModel(Models.Get("Qwen/Qwen3-8B"), gpu, Calibration, 1).PrefixCaching.Should().BeTrue();
    }

    [Fact]
    public void ACacheThatIsOffNeitherHoldsNorFindsAPrompt()
    {
        var cache = new PrefixCache(blockTokens: 16, enabled: false);

        cache.TryHold(7).Should().BeFalse();
        cache.CachedTokens(7, 100).Should().Be(0);
        cache.SharedTokens.Should().Be(0);
    }
}
