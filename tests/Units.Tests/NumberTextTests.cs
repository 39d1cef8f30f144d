namespace MLEnergy.Units.Tests;

public sealed class NumberTextTests
{
    [Theory]
    [InlineData(24_740.736, "24,741")]
    [InlineData(9_999.4, "9999.4")]
    [InlineData(412.3456, "412.3")]
    [InlineData(3.0, "3.00")]
    [InlineData(0.05, "0.05")]
    [InlineData(0.000126, "0.000126")]
    [InlineData(double.NaN, "-")]
    [InlineData(null, "-")]
    public void ANumberReadsWithTheDecimalsOfItsSizeAndThousandsFromTenThousand(double? value, string text) =>
        NumberText.Of(value).Should().Be(text);

    [Theory]
    [InlineData(9999, "9999")]
    [InlineData(10_000, "10,000")]
    [InlineData(-86_400_000, "-86,400,000")]
    public void ACountHasNoDecimalsAndThousandsFromTenThousand(long count, string text) =>
        NumberText.Count(count).Should().Be(text);
}
