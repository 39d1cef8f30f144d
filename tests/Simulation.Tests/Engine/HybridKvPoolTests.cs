using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Tests.Engine;

/// <summary>
/// The one pool of equal pages vLLM 0.11.1 keeps for a model with attention and Mamba layers, worked out by hand for
/// Nemotron Nano 12B v2 (6 attention layers of 8 KV heads × 128, 28 Mamba layers of 128 heads × 80, state 128,
/// 8 groups) with the float32 SSM state every ML.ENERGY v3 configuration of it sets, on one H100.
/// </summary>
public sealed class HybridKvPoolTests
{
    private const string Nemotron12B = "nvidia/NVIDIA-Nemotron-Nano-12B-v2";
    private static readonly ModelCatalog Models = ModelCatalog.LoadDefault();
    private static readonly GpuCatalog Gpus = GpuCatalog.LoadDefault();
    private static readonly EngineCalibration Float32 = EngineCalibration.LoadDefault() with { MambaSsmStateBytes = 4 };

    [Fact]
    public void TheAttentionBlockGrowsToHoldOneLayersStateAndTheLayersGoInGroupsOfSix()
    {
        // State of one layer: (10,240 + 2 × 8 × 128) × 3 × 2 B + 10,240 × 128 × 4 B = 73,728 + 5,242,880
        // = 5,316,608 B. One token of one attention layer: 2 × 8 × 128 × 2 B = 4,096 B; block
        // 16 × ⌈5,316,608 / 65,536⌉ = 16 × 82 = 1,312 tokens, a page of 5,373,952 B. 6 attention and 28 Mamba
        // layers: groups of 6, 1 attention group and ⌈28 / 6⌉ = 5 Mamba groups (the last padded by 2 layers).
        var pool = HybridKvPool.For(Models.Get(Nemotron12B), 4_096, 5_316_608)!;

        pool.BlockTokens.Should().Be(1_312);
        pool.PageBytes.Should().Be(5_373_952);
        pool.GroupSize.Should().Be(6);
        pool.AttentionGroups.Should().Be(1);
        pool.MambaGroups.Should().Be(5);
    }

    [Fact]
    public void OneH100Holds1545BlocksAndEachSequence6560TokensOfStateBesideItsContext()
    {
        // 85,520,809,984 B × 0.9 − 12,310,001,664 × 2 B of weights − 2.5 GB = 49,848,725,657.6 B, over a block of
        // 6 pages (32,243,712 B): 1,545.998 → 1,545 blocks, 1,545 × 1,312 = 2,027,040 tokens of context. A sequence
        // holds 5 state blocks beside its context: 5 × 1,312 = 6,560 tokens; the engine's blocks are 1,312 tokens.
        var cost = new StepCostModel(Models.Get(Nemotron12B), Gpus.Get("H100-SXM-80GB"), Float32, 1);

        cost.KvCacheBlocks.Should().Be(1_545);
        cost.KvCapacityTokens.Should().Be(2_027_040);
        cost.FixedStateTokensPerSequence.Should().Be(6_560);
        cost.StateTokensPerSequence.Should().Be(6_560);
        cost.RoundedBlockTokens.Should().Be(1_312);
    }

    [Fact]
    public void KindsOfAlmostEqualCountShareOneGroupSizeAndModelsWithoutMambaHaveNoPool()
    {
        // 24 attention and 28 Mamba layers differ by under a quarter: groups of 28, one of each kind.
        var hybrid = Models.Get(Nemotron12B) with
        {
            Layers = 52,
            AttentionLayers = 24,
        };
        var pool = HybridKvPool.For(hybrid, 4_096, 5_316_608)!;

        pool.GroupSize.Should().Be(28);
        pool.AttentionGroups.Should().Be(1);
        pool.MambaGroups.Should().Be(1);
        HybridKvPool.For(Models.Get("Qwen/Qwen3-8B"), 4_096, 5_316_608).Should().BeNull();
        new StepCostModel(Models.Get("Qwen/Qwen3-8B"), Gpus.Get("H100-SXM-80GB"), Float32, 1)
            .RoundedBlockTokens.Should()
            .Be(0);
    }
}
