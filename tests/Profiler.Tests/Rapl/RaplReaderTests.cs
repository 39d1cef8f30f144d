using MLEnergy.Profiler.Rapl;
using MLEnergy.Profiler.Tests.Support;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Tests.Rapl;

public sealed class RaplReaderTests
{
    [Fact]
    public void EveryZoneOfTheCapturedTreeIsFoundWithItsPackage()
    {
        var domains = new RaplReader(TestData.PathOf("powercap")).FindDomains();

        domains
            .Select(d => (d.Zone, d.SourceName))
            .Should()
            .Equal(
                ("intel-rapl:0", "cpu0-package"),
                ("intel-rapl:0:0", "cpu0-core"),
                ("intel-rapl:0:1", "cpu0-dram"),
                ("intel-rapl:1", "cpu1-package"),
                ("intel-rapl:1:0", "cpu1-dram")
            );
        domains.Should().OnlyContain(d => d.IsReadable);
        domains[2].MaxRange.Should().Be(Energy.FromMicrojoules(65712999613));
    }

    [Fact]
    public void AHostWithoutPowercapHasNoDomains() =>
        new RaplReader(Path.Combine(Path.GetTempPath(), "mlenergy-no-such-powercap")).FindDomains().Should().BeEmpty();

    [Fact]
    public void AnUnreadableCounterMarksItsDomainUnreadable()
    {
        using var copy = TestData.CopyFolder("powercap");
        copy.Write("intel-rapl:0:1/energy_uj", "garbage\n");

        var dram = new RaplReader(copy.Root).FindDomains().Single(d => d.Zone == "intel-rapl:0:1");

        dram.IsReadable.Should().BeFalse();
        dram.Unreadable.Should().Contain("garbage");
    }
}
