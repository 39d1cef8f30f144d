using MLEnergy.Units;

namespace MLEnergy.Units.Tests;

public sealed class CountTextTests
{
    [Theory]
    [InlineData(0, "0 trials")]
    [InlineData(1, "1 trial")]
    [InlineData(2, "2 trials")]
    [InlineData(9999, "9999 trials")]
    [InlineData(12000, "12,000 trials")]
    public void OneTrialIsSingularAndEveryOtherCountPlural(long count, string text) =>
        CountText.Of(count, "trial").Should().Be(text);

    [Theory]
    [InlineData(1, "1 query")]
    [InlineData(3, "3 queries")]
    public void AnIrregularPluralIsTakenAsGiven(long count, string text) =>
        CountText.Of(count, "query", "queries").Should().Be(text);
}
