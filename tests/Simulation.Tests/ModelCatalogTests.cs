using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Tests;

public sealed class ModelCatalogTests
{
    private static readonly ModelCatalog Catalog = ModelCatalog.LoadDefault();

    [Theory]
    [InlineData("Qwen/Qwen3-30B-A3B-Instruct-2507")]
    [InlineData("Qwen/Qwen3-30B-A3B-Thinking-2507")]
    [InlineData("Qwen/Qwen3-235B-A22B-Instruct-2507")]
    [InlineData("Qwen/Qwen3-235B-A22B-Instruct-2507-FP8")]
    [InlineData("Qwen/Qwen3-235B-A22B-Thinking-2507-FP8")]
    [InlineData("Qwen/Qwen3-Coder-30B-A3B-Instruct")]
    [InlineData("Qwen/Qwen3-Coder-480B-A35B-Instruct-FP8")]
    [InlineData("Qwen/Qwen3-VL-8B-Instruct")]
    [InlineData("Qwen/Qwen3-VL-235B-A22B-Instruct-FP8")]
    [InlineData("Qwen/Qwen3-Omni-30B-A3B-Instruct")]
    [InlineData("meta-llama/Llama-3.3-70B-Instruct")]
    [InlineData("meta-llama/Llama-3.1-405B-Instruct-FP8")]
    [InlineData("meta-llama/Llama-4-Scout-17B-16E-Instruct")]
    [InlineData("meta-llama/Llama-4-Maverick-17B-128E-Instruct-FP8")]
    [InlineData("deepseek-ai/DeepSeek-V3.1")]
    [InlineData("deepseek-ai/DeepSeek-R1-0528")]
    [InlineData("openai/gpt-oss-20b")]
    [InlineData("openai/gpt-oss-120b")]
    [InlineData("nvidia/NVIDIA-Nemotron-Nano-9B-v2")]
    [InlineData("nvidia/NVIDIA-Nemotron-Nano-12B-v2")]
    [InlineData("nvidia/NVIDIA-Nemotron-Nano-12B-v2-VL-BF16")]
    public void TheCatalogHoldsTheMixtureOfExpertsQuantizedAndHybridModelsOfTheV3Data(string id)
    {
        Catalog.Get(id).Id.Should().Be(id);
    }

    [Theory]
    [InlineData("Qwen/Qwen3-30B-A3B-Instruct-2507", 30.5, 3.3)]
    [InlineData("Qwen/Qwen3-235B-A22B-Instruct-2507", 235, 22)]
    [InlineData("Qwen/Qwen3-Coder-480B-A35B-Instruct", 480, 35)]
    [InlineData("meta-llama/Llama-4-Scout-17B-16E-Instruct", 109, 17)]
    [InlineData("meta-llama/Llama-4-Maverick-17B-128E-Instruct", 400, 17)]
    [InlineData("deepseek-ai/DeepSeek-V3.1", 671, 37)]
    [InlineData("openai/gpt-oss-120b", 117, 5.1)]
    [InlineData("openai/gpt-oss-20b", 21, 3.6)]
    public void MixtureOfExpertsModelsHaveTheirPublishedTotalAndActiveParameters(string id, double total, double active)
    {
        var model = Catalog.Get(id);
        var all = model.SharedMatmulParameters + model.RoutedExpertParameters + model.LmHeadParameters;

        (all / 1e9).Should().BeApproximately(total, total * 0.06, "every weight counts once (and the embedding)");
        (model.MatmulParameters / 1e9).Should().BeApproximately(active, active * 0.2);
    }

    [Fact]
    public void Llama33SeventyBIsLlama31SeventyBsShape()
    {
        var alias = Catalog.Get("meta-llama/Llama-3.3-70B-Instruct");
        var shape = Catalog.Get("meta-llama/Llama-3.1-70B-Instruct");

        alias.Should().BeEquivalentTo(shape, o => o.Excluding(m => m.Id).Excluding(m => m.TypicalOutputTokens));
    }

    [Fact]
    public void Fp8WeightsTakeHalfTheBytesAndMxfp4ExpertsAboutAQuarter()
    {
        var bf16 = Catalog.Get("meta-llama/Llama-3.1-405B-Instruct");
        var fp8 = Catalog.Get("meta-llama/Llama-3.1-405B-Instruct-FP8");
        var gptOss = Catalog.Get("openai/gpt-oss-120b");

        fp8.WeightPrecision.Should().Be(WeightPrecision.Fp8);
        ((double)fp8.WeightBytes / bf16.WeightBytes).Should().BeInRange(0.5, 0.52);
        (gptOss.WeightBytes / 1e9).Should().BeInRange(60, 68, "MXFP4 experts, bf16 attention and embeddings");
    }

    [Fact]
    public void LatentAttentionCachesOneCompressedVectorPerLayerThatTensorParallelismDoesNotSplit()
    {
        var deepSeek = Catalog.Get("deepseek-ai/DeepSeek-V3.1");

        deepSeek.KvBytesPerToken.Should().Be(61L * (512 + 64) * 2);
        deepSeek.KvShards.Should().Be(1);
    }

    [Fact]
    public void NemotronHybridsKeepKvCacheOnlyInTheirFewAttentionLayersAndAFixedMambaStatePerSequence()
    {
        var nemotron = Catalog.Get("nvidia/NVIDIA-Nemotron-Nano-9B-v2");
        var dense = Catalog.Get("Qwen/Qwen3-8B");

        nemotron.KvBytesPerToken.Should().Be(4L * 2 * 8 * 128 * 2);
        (nemotron.KvBytesPerToken * 8).Should().BeLessThan(dense.KvBytesPerToken);
        (nemotron.StateBytesPerSequence / 1e6).Should().BeInRange(60, 90);
        ((double)nemotron.MatmulParameters / nemotron.Parameters).Should().BeInRange(0.9, 1.05);
    }
}
