using MLEnergy.Units;

namespace MLEnergy.Units.Tests;

public sealed class UnitTests
{
    [Fact]
    public void EnergyConvertsBetweenItsUnits()
    {
        Energy.FromMillijoules(1500).Joules.Should().Be(1.5);
        Energy.FromMicrojoules(2_500_000).Millijoules.Should().Be(2500);
        Energy.FromKilowattHours(1).Joules.Should().Be(3.6e6);
        Energy.FromJoules(7200).KilowattHours.Should().Be(0.002);
    }

    [Fact]
    public void PowerOverTimeIsEnergyAndEnergyOverTimeIsPower()
    {
        (Power.FromWatts(300) * TimeSpan.FromSeconds(2)).Should().Be(Energy.FromJoules(600));
        (Energy.FromJoules(600) / TimeSpan.FromSeconds(4)).Should().Be(Power.FromWatts(150));
        Energy.FromJoules(5).Per(TimeSpan.Zero).Should().Be(Power.Zero);
    }

    [Fact]
    public void TemperatureIsInCelsiusComparesAndPrintsInvariantly()
    {
        Temperature.FromCelsius(61.25).Celsius.Should().Be(61.25);
        (Temperature.FromCelsius(40) < Temperature.FromCelsius(45)).Should().BeTrue();
        new[] { Temperature.FromCelsius(52), Temperature.FromCelsius(38) }
            .Max()
            .Should()
            .Be(Temperature.FromCelsius(52));
        Temperature.FromCelsius(61.24).ToString().Should().Be("61.2 °C");
    }

    [Fact]
    public void PowerAndFrequencyConvertBetweenTheirUnits()
    {
        Power.FromMilliwatts(700_000).Watts.Should().Be(700);
        Power.FromKilowatts(1.2).Milliwatts.Should().Be(1_200_000);
        Frequency.FromMegahertz(1980).Hertz.Should().Be(1.98e9);
        Frequency.FromGigahertz(1.41).Megahertz.Should().BeApproximately(1410, 1e-9);
    }

    [Fact]
    public void QuantitiesCompareAndAdd()
    {
        (Energy.FromJoules(2) + Energy.FromJoules(3) - Energy.FromJoules(1)).Joules.Should().Be(4);
        Power.Max(Power.FromWatts(200), Power.FromWatts(450)).Should().Be(Power.FromWatts(450));
        (Frequency.FromMegahertz(345) < Frequency.FromMegahertz(1980)).Should().BeTrue();
        Energy.FromJoules(1.25).ToString().Should().Be("1.25 J");
    }

    [Theory]
    [InlineData("100ms", 0.1)]
    [InlineData("2s", 2)]
    [InlineData("1.5min", 90)]
    [InlineData("250us", 0.00025)]
    [InlineData(" 10ms ", 0.01)]
    public void DurationsAreReadAsPeopleTypeThem(string text, double seconds)
    {
        DurationText.TryParse(text, out var duration).Should().BeTrue();
        duration.TotalSeconds.Should().BeApproximately(seconds, 1e-9);
    }

    [Theory]
    [InlineData("")]
    [InlineData("100")]
    [InlineData("fast")]
    [InlineData("-5ms")]
    public void MalformedDurationsAreRejected(string text) => DurationText.TryParse(text, out _).Should().BeFalse();
}
