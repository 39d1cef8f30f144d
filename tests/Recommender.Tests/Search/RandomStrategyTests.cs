using MLEnergy.Recommender.Search.Random;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Search;

public class RandomStrategyTests
{
    private static SyntheticEvaluator Host() => new(new SyntheticServingPhysics(SyntheticModel.Small), 1);

    [Fact]
    public async Task ItMeasuresEveryConfigurationOnceInAnOrderTheSeedFixes()
    {
        var space = SyntheticSpaces.Tiny();

        var first = await SearchRuns.RunAsync(space, Slos.ItlMedian(25), new RandomStrategy(8), Host());
        var again = await SearchRuns.RunAsync(space, Slos.ItlMedian(25), new RandomStrategy(8), Host());
        var other = await SearchRuns.RunAsync(space, Slos.ItlMedian(25), new RandomStrategy(9), Host());

        first.Observations.Select(o => o.Configuration).Should().OnlyHaveUniqueItems().And.HaveCount(12);
        again
            .Observations.Select(o => o.Configuration.Key)
            .Should()
            .Equal(first.Observations.Select(o => o.Configuration.Key));
        other
            .Observations.Select(o => o.Configuration.Key)
            .Should()
            .NotEqual(first.Observations.Select(o => o.Configuration.Key));
        first.StopReason.Should().Be("every one of the 12 configurations was measured");
    }
}
