using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Tests.Engine;

/// <summary>
/// The Mamba layers' SSM state in the dtype the server was started with (vLLM's --mamba-ssm-cache-dtype; every
/// ML.ENERGY v3 Nemotron Nano v2 configuration sets float32), worked out by hand from Nemotron Nano 9B v2's
/// published config: 27 Mamba layers, 128 heads of 80, state size 128, 8 groups, a convolution of 4.
/// </summary>
public sealed class MambaStateDtypeTests
{
    private const string Nemotron = "nvidia/NVIDIA-Nemotron-Nano-9B-v2";
    private static readonly ModelCatalog Models = ModelCatalog.LoadDefault();
    private static readonly GpuCatalog Gpus = GpuCatalog.LoadDefault();
    private static readonly EngineCalibration Auto = EngineCalibration.LoadDefault();
    private static readonly EngineCalibration Float32 = Auto with { MambaSsmStateBytes = 4 };

    [Fact]
    public void TheSsmStateTakesFourBytesAnElementInFloat32AndTheConvolutionWindowStaysInBf16()
    {
        // A layer: SSM 10,240 × 128 = 1,310,720 elements; convolution (10,240 + 2 × 8 × 128) × 3 = 36,864.
        // auto: 27 × 1,347,584 × 2 B = 72,769,536 B; float32: 27 × (36,864 × 2 + 1,310,720 × 4) = 143,548,416 B.
        var model = Models.Get(Nemotron);

        model.Mamba!.SsmStateElementsPerLayer.Should().Be(1_310_720);
        model.Mamba.ConvStateElementsPerLayer.Should().Be(36_864);
        model.MambaStateBytes(ssmBytesPerElement: 0).Should().Be(72_769_536);
        model.StateBytesPerSequence.Should().Be(72_769_536);
        model.MambaStateBytes(ssmBytesPerElement: 4).Should().Be(143_548_416);
    }

    [Fact]
    public void Float32StateDoublesTheAttentionBlockAndTheCacheASequenceHoldsBesideItsContext()
    {
        // A layer's state: auto 36,864 × 2 + 1,310,720 × 2 = 2,695,168 B; float32 73,728 + 5,242,880 = 5,316,608 B.
        // An attention token in one layer: 2 × 8 KV heads × 128 × 2 B = 4,096 B, so the block is
        // 16 × ⌈2,695,168 / 65,536⌉ = 672 tokens (auto) or 16 × ⌈5,316,608 / 65,536⌉ = 1,312 (float32).
        // Groups of 4 layers (4 attention, 27 Mamba): 7 Mamba groups, so a sequence holds 7 blocks of state:
        // auto 7 × 672 = 4,704 tokens, float32 7 × 1,312 = 9,184.
        var model = Models.Get(Nemotron);
        var gpu = Gpus.Get("H100-SXM-80GB");

        var auto = new StepCostModel(model, gpu, Auto, 1);
        var float32 = new StepCostModel(model, gpu, Float32, 1);

        auto.CacheBytesPerTokenPerGpu.Should().Be(16_384);
        auto.FixedStateTokensPerSequence.Should().Be(4_704);
        float32.FixedStateTokensPerSequence.Should().Be(9_184);
        auto.KvCapacityTokens.Should().Be(3_460_128);
        float32.KvCapacityTokens.Should().Be(3_459_744);
    }

    [Fact]
    public void EveryDecodingSequenceReadsAndWritesItsFloat32StateOnceAStep()
    {
        // 64 sequences decoding: 64 × 2 (read, write) × (143,548,416 − 72,769,536) B more, at the attention phase's
        // achieved bandwidth (0.9 of the H100's 3.35 TB/s): 3.0 ms.
        var model = Models.Get(Nemotron);
        var gpu = Gpus.Get("H100-SXM-80GB");
        var achieved = (gpu.Achieved ?? AchievedScale.Same).Bandwidth;
        var bandwidth = gpu.MemoryBandwidthBytesPerSecond * Auto.AttentionBandwidthEfficiency * achieved;

        var auto = new StepCostModel(model, gpu, Auto, 1).Mix(64, 64 * 1_000, 0, 0, 64);
        var float32 = new StepCostModel(model, gpu, Float32, 1).Mix(64, 64 * 1_000, 0, 0, 64);

        var extra = float32.AttentionMemorySeconds - auto.AttentionMemorySeconds;
        extra.Should().BeApproximately(64 * 2.0 * (143_548_416 - 72_769_536) / bandwidth, 1e-9);
        extra.Should().BeInRange(0.0029, 0.0031);
        float32.MatmulMemorySeconds.Should().Be(auto.MatmulMemorySeconds);
    }

    [Fact]
    public void ModelsWithoutMambaLayersHoldNoStateWhateverTheSetting()
    {
        var model = Models.Get("Qwen/Qwen3-8B");

        model.MambaStateBytes(ssmBytesPerElement: 4).Should().Be(0);
        new StepCostModel(model, Gpus.Get("H100-SXM-80GB"), Float32, 1).FixedStateTokensPerSequence.Should().Be(0);
    }
}
