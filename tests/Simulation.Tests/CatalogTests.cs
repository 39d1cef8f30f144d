using MLEnergy.Simulation;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Tests;

public sealed class CatalogTests
{
    [Theory]
    [InlineData("Qwen/Qwen3-8B")]
    [InlineData("Qwen/Qwen3-14B")]
    [InlineData("Qwen/Qwen3-32B")]
    [InlineData("meta-llama/Llama-3.1-8B-Instruct")]
    [InlineData("meta-llama/Llama-3.1-70B-Instruct")]
    [InlineData("google/gemma-3-12b-it")]
    [InlineData("google/gemma-3-27b-it")]
    public void TheModelCatalogHoldsEveryDenseModelMeasuredOnH100(string id)
    {
        var model = ModelCatalog.LoadDefault().Get(id);

        model.Id.Should().Be(id);
        ((double)model.MatmulParameters / model.Parameters).Should().BeInRange(0.9, 1.05);
    }

    [Fact]
    public void Qwen3EightBillionHoldsOneHundredFortyFourKibibytesOfKvCachePerToken()
    {
        var model = ModelCatalog.LoadDefault().Get("Qwen/Qwen3-8B");

        model.KvBytesPerToken.Should().Be(36L * 8 * 128 * 2 * 2);
        model.WeightBytes.Should().Be(8_190_735_360L * 2);
    }

    [Fact]
    public void TheH100ListsSmClocksFrom345To1980MegahertzIn15MegahertzSteps()
    {
        var h100 = GpuCatalog.LoadDefault().Get("H100-SXM-80GB");

        h100.SmClock.LevelCount.Should().Be(110);
        h100.SmClock.LevelMhz(0).Should().Be(345);
        h100.SmClock.LevelMhz(h100.SmClock.LevelCount - 1).Should().Be(1980);
        h100.PowerLimit.Should().BeEquivalentTo(new PowerLimitRange(200, 700, 700));
    }

    [Fact]
    public void AnUnknownModelNamesTheKnownOnes()
    {
        var act = () => ModelCatalog.LoadDefault().Get("acme/Nope-1B");

        act.Should()
            .Throw<UnknownCatalogEntryException>()
            .Where(e =>
                e.Known.Contains("Qwen/Qwen3-8B") && e.Message.Contains("acme/Nope-1B", StringComparison.Ordinal)
            );
    }

    [Fact]
    public void AnUnknownGpuKindNamesTheKnownOnes()
    {
        var act = () => GpuCatalog.LoadDefault().Get("TPU-v5");

        act.Should()
            .Throw<UnknownCatalogEntryException>()
            .Where(e =>
                e.Known.Contains("H100-SXM-80GB")
                && e.Known.Contains("A100-SXM-40GB")
                && e.Known.Contains("A100-SXM-80GB")
            );
    }
}
