using MLEnergy.Recommender.Slo;

namespace MLEnergy.Recommender.Tests.Slo;

public sealed class SloConfidenceTests
{
    [Theory]
    [InlineData("95%", 0.95)]
    [InlineData("90 %", 0.90)]
    [InlineData("0.8", 0.8)]
    [InlineData("97.5", 0.975)]
    [InlineData(" 50% ", 0.5)]
    [InlineData("99%", 0.99)]
    public void ALevelIsReadAsAPercentageOrAShare(string text, double level) =>
        SloConfidence.Parse(text).Level.Should().BeApproximately(level, 1e-12);

    [Theory]
    [InlineData("99.9%", "--confidence must be from 50 % to 99 %, e.g. 95% or 0.95, not 99.9 %")]
    [InlineData("0.4", "--confidence must be from 50 % to 99 %, e.g. 95% or 0.95, not 40 %")]
    [InlineData("100%", "--confidence must be from 50 % to 99 %, e.g. 95% or 0.95, not 100 %")]
    [InlineData("-5%", "--confidence must be from 50 % to 99 %, e.g. 95% or 0.95, not -5 %")]
    [InlineData("high", "cannot read --confidence 'high': expected a level from 50 % to 99 %, e.g. 95% or 0.95")]
    [InlineData("NaN", "cannot read --confidence 'NaN': expected a level from 50 % to 99 %, e.g. 95% or 0.95")]
    [InlineData("", "cannot read --confidence '': expected a level from 50 % to 99 %, e.g. 95% or 0.95")]
    public void ALevelOutsideTheRangeOrNotANumberIsRefusedInOneLine(string text, string message) =>
        FluentActions
            .Invoking(() => SloConfidence.Parse(text))
            .Should()
            .Throw<SloFormatException>()
            .WithMessage(message);

    [Fact]
    public void TheDefaultIs95PercentAndLevelsAreWrittenAsPeopleReadThem()
    {
        SloConfidence.Default.Level.Should().Be(0.95);
        SloConfidence.Default.ToString().Should().Be("95 %");
        SloConfidence.Parse("0.975").ToString().Should().Be("97.5 %");
        SloConfidence.Parse("90%").Should().Be(new SloConfidence(0.9));
        SloConfidence.Parse("90%").Risk.Should().BeApproximately(0.1, 1e-12);
    }
}
