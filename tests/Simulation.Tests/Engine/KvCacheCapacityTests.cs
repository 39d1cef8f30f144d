using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Load;
using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Tests.Engine;

/// <summary>
/// The KV cache's size as vLLM (0.11) sizes it, against numbers worked out by hand from the models' published
/// configs: bytes per token per GPU of the layers that keep the whole context, whole blocks of 16 tokens in what
/// gpu_memory_utilization leaves after the weights and the activation reserve, and what a sequence holds beside its
/// context.
/// </summary>
public sealed class KvCacheCapacityTests
{
    private static readonly ModelCatalog Models = ModelCatalog.LoadDefault();
    private static readonly GpuCatalog Gpus = GpuCatalog.LoadDefault();
    private static readonly EngineCalibration Calibration = EngineCalibration.LoadDefault();

    private static StepCostModel Cost(string model, string gpu, int tensorParallel) =>
        new(Models.Get(model), Gpus.Get(gpu), Calibration, tensorParallel);

    [Fact]
    public void Qwen3FourteenBillionOnOneH100Holds17140BlocksOf16Tokens()
    {
        // 40 layers × 2 (K, V) × 8 KV heads × 128 head dim × 2 bytes = 163,840 B a token.
        // 85,520,809,984 B × 0.9 − 14,768,307,200 × 2 B of weights − 2.5 GB = 44,932,114,585.6 B for the cache;
        // over 16 × 163,840 B a block: 17,140.24 → 17,140 blocks, 274,240 tokens.
        var cost = Cost("Qwen/Qwen3-14B", "H100-SXM-80GB", 1);

        cost.CacheBytesPerTokenPerGpu.Should().Be(163_840);
        cost.KvCacheBlocks.Should().Be(17_140);
        cost.KvCapacityTokens.Should().Be(274_240);
        cost.StateTokensPerSequence.Should().Be(0);
    }

    [Fact]
    public void TensorParallelismSplitsTheKvHeadsButNoFurtherThanThereAreHeads()
    {
        // Qwen3-235B has 4 KV heads: over 8 GPUs each holds one (replicated twice), 94 × 2 × 1 × 128 × 2 B.
        Cost("Qwen/Qwen3-235B-A22B-Instruct-2507", "B200-SXM-180GB", 8)
            .CacheBytesPerTokenPerGpu.Should()
            .Be(94 * 2 * 1 * 128 * 2);

        // Latent attention keeps one 512 + 64 latent vector a layer, the same on every GPU.
        Cost("deepseek-ai/DeepSeek-V3.1", "B200-SXM-180GB", 8).CacheBytesPerTokenPerGpu.Should().Be(61 * 576 * 2);
    }

    [Fact]
    public void Qwen3TwoHundredThirtyFiveBillionOnFourB200sUnderExpertParallelismHolds68817Blocks()
    {
        // vLLM 0.11 with --tensor-parallel-size 4 --enable-expert-parallel: attention and its KV heads split over the
        // 4 ranks as without EP (4 KV heads: one a GPU), and the 128 experts a layer 32 whole ones a GPU, the same
        // bytes as splitting every expert 4 ways. A token: 94 layers × 2 × 1 × 128 × 2 B = 48,128 B a GPU.
        // 192,265,846,784 B × 0.9 − 235,093,634,560 × 2 B / 4 of weights − 2.5 GB = 52,992,444,825.6 B;
        // over 16 × 48,128 B a block: 68,817.4 → 68,817 blocks, 1,101,072 tokens.
        var model = Models.Get("Qwen/Qwen3-235B-A22B-Instruct-2507");
        var gpu = Gpus.Get("B200-SXM-180GB");
        var expertParallel = new StepCostModel(model, gpu, Calibration, 4, expertParallel: true);
        var tensorParallel = new StepCostModel(model, gpu, Calibration, 4);

        expertParallel.CacheBytesPerTokenPerGpu.Should().Be(94 * 2 * 1 * 128 * 2);
        expertParallel.WeightBytesPerGpu.Should().Be(235_093_634_560.0 * 2 / 4);
        expertParallel.KvCacheBlocks.Should().Be(68_817);
        expertParallel.KvCapacityTokens.Should().Be(1_101_072);
        tensorParallel.KvCapacityTokens.Should().Be(expertParallel.KvCapacityTokens);

        // No rule for the reserve or the utilization lifts it past the GPUs' whole memory less the weights:
        // (4 × 192,265,846,784 − 470,187,269,120) B / 192,512 B = 1,552,506 tokens, short of what ML.ENERGY's
        // running batch of 3,765 (lm-arena-chat, max_num_seqs 4,096) asks with its mean output of 891 tokens
        // half generated, before any prompt: 3,765 × 445.5 = 1,677,308.
        var ceiling = (4 * (double)gpu.MemoryBytes - model.WeightBytes) / model.KvBytesPerToken;
        Math.Floor(ceiling).Should().Be(1_552_506);
        (3_765 * 891 / 2.0).Should().BeGreaterThan(ceiling);
    }

    [Fact]
    public void LlamaFoursChunkedLayersKeepTheWholeContextLikeTheGlobalOnes()
    {
        var scout = Models.Get("meta-llama/Llama-4-Scout-17B-16E-Instruct");
        var cost = Cost(scout.Id, "H100-SXM-80GB", 4);

        scout.Sliding!.Chunked.Should().BeTrue();
        scout.FullContextCacheLayers.Should().Be(48);
        scout.WindowCacheLayers.Should().Be(0);
        // Every one of the 48 layers, 2 of the 8 KV heads on each of 4 GPUs: 48 × 2 × 2 × 128 × 2 B.
        cost.CacheBytesPerTokenPerGpu.Should().Be(48 * 2 * 2 * 128 * 2);
        // Attention still reads the whole context only in the 12 global layers.
        cost.KvBytesPerTokenPerGpu.Should().Be(12 * 2 * 2 * 128 * 2);
        cost.StateTokensPerSequence.Should().Be(0);
    }

    [Fact]
    public void LlamaFourScoutOnFourH100sRunsAFullBatchOf128ChatSequences()
    {
        // With a whole 8,192-token window reserved in each chunked layer, about 63 sequences fitted; ML.ENERGY
        // measured 128 running.
        var config = new SimulatedServingConfig(
            "meta-llama/Llama-4-Scout-17B-16E-Instruct",
            "H100-SXM-80GB",
            TensorParallel: 4,
            MaxNumSeqs: 128,
            ExpertParallel: true
        );

        var result = SimulatedHost
            .CreateDefault()
            .Run(
                config,
                LoadSpec.Saturate.WithWorkload(Workloads.LmArenaChat),
                TimeSpan.FromSeconds(10),
                TimeSpan.FromSeconds(20),
                1
            );

        result.AverageBatchSize.Should().BeGreaterThan(120);
    }

    [Fact]
    public void GemmaThreesSlidingLayersHoldAtMostTheirWindowFiveTimesOver()
    {
        var gemma = Models.Get("google/gemma-3-12b-it");
        var cost = Cost(gemma.Id, "H100-SXM-80GB", 1);

        gemma.FullContextCacheLayers.Should().Be(8);
        gemma.WindowCacheLayers.Should().Be(40);
        cost.CacheBytesPerTokenPerGpu.Should().Be(8 * 2 * 8 * 256 * 2);
        cost.WindowCacheTokens.Should().Be(1024);
        cost.WindowCacheWeight.Should().Be(5.0);
        cost.StateTokensPerSequence.Should().Be(5 * 1024);
    }

    [Fact]
    public void GptOssAlternatesWholeContextLayersWith128TokenWindows()
    {
        var cost = Cost("openai/gpt-oss-20b", "H100-SXM-80GB", 1);

        cost.CacheBytesPerTokenPerGpu.Should().Be(12 * 2 * 8 * 64 * 2);
        cost.WindowCacheTokens.Should().Be(128);
        cost.WindowCacheWeight.Should().Be(1.0);
    }

    [Fact]
    public void AMambaHybridHoldsAFixedStatePerSequenceAndNoWindow()
    {
        var cost = Cost("nvidia/NVIDIA-Nemotron-Nano-9B-v2", "H100-SXM-80GB", 1);

        cost.FixedStateTokensPerSequence.Should().BeGreaterThan(0);
        cost.WindowCacheTokens.Should().Be(0);
        cost.StateTokensPerSequence.Should().Be(cost.FixedStateTokensPerSequence);
    }
}
