using MLEnergy.Profiler.Rapl;
using MLEnergy.Profiler.Tests.Support;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Tests.Rapl;

public sealed class RaplParserTests
{
    [Theory]
    [InlineData("intel-rapl:0/name", RaplDomainKind.Package, 0)]
    [InlineData("intel-rapl:1/name", RaplDomainKind.Package, 1)]
    [InlineData("intel-rapl:0:1/name", RaplDomainKind.Dram, null)]
    [InlineData("intel-rapl:0:0/name", RaplDomainKind.Core, null)]
    public void ZoneNamesGiveTheirKindAndPackage(string file, RaplDomainKind kind, int? package) =>
        RaplParser.ParseName(TestData.Read("powercap/" + file)).Should().Be((kind, package));

    [Fact]
    public void CountersAreReadInMicrojoules() =>
        RaplParser
            .ParseMicrojoules(TestData.Read("powercap/intel-rapl:0/max_energy_range_uj"))
            .Should()
            .Be(Energy.FromMicrojoules(262143328850));

    [Fact]
    public void ANonNumericCounterIsRejected()
    {
        var parse = () => RaplParser.ParseMicrojoules("n/a\n");

        parse.Should().Throw<FormatException>();
    }

    [Theory]
    [InlineData("intel-rapl:1", 1)]
    [InlineData("intel-rapl:1:0", 1)]
    [InlineData("intel-rapl", null)]
    public void ZoneFolderNamesGiveTheirPackage(string zone, int? package) =>
        RaplParser.ParseZonePackage(zone).Should().Be(package);

    [Fact]
    public void ACounterThatWentDownWrappedOnceAtItsMaximumRange()
    {
        var max = Energy.FromMicrojoules(262143328850);

        var delta = RaplParser.Delta(Energy.FromMicrojoules(262143000000), Energy.FromMicrojoules(671150), max);

        delta.Microjoules.Should().BeApproximately(328850 + 671150, 1e-3);
    }

    [Fact]
    public void ACounterThatWentUpIsAPlainDifference() =>
        RaplParser
            .Delta(Energy.FromJoules(10), Energy.FromJoules(25), Energy.FromJoules(100))
            .Should()
            .Be(Energy.FromJoules(15));
}
