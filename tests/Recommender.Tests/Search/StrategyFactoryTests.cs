using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Search.Bayesian;
using MLEnergy.Recommender.Search.Random;

namespace MLEnergy.Recommender.Tests.Search;

public class StrategyFactoryTests
{
    [Fact]
    public void EachNameBuildsItsStrategyWithTheSeed()
    {
        StrategyFactory.Create("grid").Should().BeOfType<GridStrategy>();
        StrategyFactory.Create("Random", 7).Should().BeOfType<RandomStrategy>().Which.Seed.Should().Be(7);
        StrategyFactory.Create(" auto ", 9).Should().BeOfType<AutoStrategy>().Which.Seed.Should().Be(9);
    }

    [Fact]
    public void AnUnknownNameListsTheKnownOnes()
    {
        var create = () => StrategyFactory.Create("anneal");

        create
            .Should()
            .Throw<SearchSettingsException>()
            .WithMessage("unknown strategy 'anneal': use grid, random, auto");
    }

    [Fact]
    public void ASeedMustBeAWholeNumber()
    {
        StrategyFactory.ParseSeed("-12").Should().Be(-12);
        var parse = () => StrategyFactory.ParseSeed("abc");
        parse.Should().Throw<SearchSettingsException>().Which.Message.Should().Contain("cannot read seed 'abc'");
    }
}
