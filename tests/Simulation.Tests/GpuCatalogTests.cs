using MLEnergy.Simulation.Hardware;

namespace MLEnergy.Simulation.Tests;

public sealed class GpuCatalogTests
{
    private static readonly GpuCatalog Catalog = GpuCatalog.LoadDefault();

    [Theory]
    [InlineData("H100", "H100-SXM-80GB")]
    [InlineData("H100-SXM-80GB", "H100-SXM-80GB")]
    [InlineData("NVIDIA H100 80GB HBM3", "H100-SXM-80GB")]
    [InlineData("h100 sxm", "H100-SXM-80GB")]
    [InlineData("B200", "B200-SXM-180GB")]
    [InlineData("NVIDIA B200", "B200-SXM-180GB")]
    [InlineData("H200", "H200-SXM-141GB")]
    [InlineData("NVIDIA H200", "H200-SXM-141GB")]
    [InlineData("NVIDIA A100-SXM4-40GB", "A100-SXM-40GB")]
    public void GpuNamesAsTheDataAndNvmlSpellThemFindTheirKind(string name, string id)
    {
        Catalog.Get(name).Id.Should().Be(id);
    }

    [Fact]
    public void TheB200HasItsPublishedNumbers()
    {
        var b200 = Catalog.Get("B200");

        b200.MemoryBandwidthBytesPerSecond.Should().Be(8e12);
        b200.DenseBf16FlopsPerSecond.Should().Be(2.25e15);
        b200.MatmulFlopsPerSecond(WeightPrecision.Fp8).Should().Be(4.5e15);
        b200.DenseFp4FlopsPerSecond.Should().Be(9e15);
        b200.PowerLimit.MaxWatts.Should().Be(1000);
        b200.Interconnect.BytesPerSecond.Should().Be(900e9);
        (b200.MemoryBytes / 1e9).Should().BeInRange(180, 193);
    }

    [Fact]
    public void TheH200IsAnH100WithMoreAndFasterMemory()
    {
        var h100 = Catalog.Get("H100");
        var h200 = Catalog.Get("H200");

        h200.DenseBf16FlopsPerSecond.Should().Be(h100.DenseBf16FlopsPerSecond);
        h200.MemoryBandwidthBytesPerSecond.Should().Be(4.8e12);
        (h200.MemoryBytes / 1e9).Should().BeInRange(140, 152);
    }

    [Fact]
    public void HopperRunsMxfp4WeightsAtBf16RateForWantOfFp4TensorCores()
    {
        var h100 = Catalog.Get("H100");

        h100.MatmulFlopsPerSecond(WeightPrecision.Mxfp4).Should().Be(h100.DenseBf16FlopsPerSecond);
        h100.MatmulFlopsPerSecond(WeightPrecision.Fp8).Should().Be(1.979e15);
    }
}
