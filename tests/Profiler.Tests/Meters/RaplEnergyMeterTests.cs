using MLEnergy.Profiler.Meters;
using MLEnergy.Profiler.Rapl;
using MLEnergy.Profiler.Tests.Support;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Tests.Meters;

public sealed class RaplEnergyMeterTests
{
    [Fact]
    public void TheMeterCountsPackagesAndDramButNotTheirSubdomains()
    {
        var meter = new RaplEnergyMeter(new RaplReader(TestData.PathOf("powercap")));

        meter
            .Inventory.Sources.Select(s => (s.Name, s.Kind))
            .Should()
            .Equal(
                ("cpu0-package", EnergySourceKind.CpuPackage),
                ("cpu0-dram", EnergySourceKind.Dram),
                ("cpu1-package", EnergySourceKind.CpuPackage),
                ("cpu1-dram", EnergySourceKind.Dram)
            );
        meter.Inventory.Absent.Should().BeEmpty();
    }

    [Fact]
    public void EnergyAccumulatesAcrossACounterWrap()
    {
        using var copy = TestData.CopyFolder("powercap");
        var meter = new RaplEnergyMeter(new RaplReader(copy.Root));

        copy.Write("intel-rapl:1/energy_uj", "1000000\n");
        var first = meter.Read();
        copy.Write("intel-rapl:1/energy_uj", "3000000\n");
        var second = meter.Read();

        first[2].Microjoules.Should().BeApproximately(328850 + 1_000_000, 1e-3);
        second[2].Microjoules.Should().BeApproximately(328850 + 3_000_000, 1e-3);
        second[0].Should().Be(Energy.Zero);
    }

    [Fact]
    public void AHostWithoutRaplReportsTheCpuAsAbsentRatherThanZero()
    {
        var meter = new RaplEnergyMeter(new RaplReader(Path.Combine(Path.GetTempPath(), "mlenergy-no-such-powercap")));

        meter.Inventory.Sources.Should().BeEmpty();
        meter.Inventory.Absent.Should().ContainSingle().Which.Name.Should().Be("cpu");
        meter.Read().Should().BeEmpty();
    }
}
