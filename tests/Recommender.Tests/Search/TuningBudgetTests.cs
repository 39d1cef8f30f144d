using MLEnergy.Recommender.Search;

namespace MLEnergy.Recommender.Tests.Search;

public class TuningBudgetTests
{
    [Fact]
    public void AWholeNumberIsACountOfTrials()
    {
        TuningBudget.Parse("40").Should().Be(new TuningBudget(40, null));
    }

    [Theory]
    [InlineData("30m", 30)]
    [InlineData("2h", 120)]
    [InlineData("1h30m", 90)]
    [InlineData("90s", 1.5)]
    [InlineData("45min", 45)]
    public void ADurationIsHostTime(string text, double minutes)
    {
        TuningBudget.Parse(text).Should().Be(new TuningBudget(null, TimeSpan.FromMinutes(minutes)));
    }

    [Theory]
    [InlineData("0", "at least 1")]
    [InlineData("-3", "at least 1")]
    [InlineData("0m", "must be positive")]
    [InlineData("ten", "cannot read budget 'ten'")]
    [InlineData("", "cannot read budget")]
    [InlineData("30ms", "cannot read budget")]
    public void ABudgetNoStrategyCanUseIsRejectedWithAClearMessage(string text, string message)
    {
        var parse = () => TuningBudget.Parse(text);

        parse.Should().Throw<SearchSettingsException>().Which.Message.Should().Contain(message);
    }

    [Fact]
    public void ARequestTakesTheBudgetsLimits()
    {
        var request = new TuningRequest(Support.SyntheticSpaces.Tiny(), Support.Slos.ItlMedian(30)).WithBudget(
            TuningBudget.Parse("2h")
        );

        request.MaxTrials.Should().BeNull();
        request.MaxHostTime.Should().Be(TimeSpan.FromHours(2));
    }
}
