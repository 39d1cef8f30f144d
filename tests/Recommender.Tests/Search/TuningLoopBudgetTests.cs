using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Search;

public class TuningLoopBudgetTests
{
    private static SyntheticEvaluator Host() => new(new SyntheticServingPhysics(SyntheticModel.Small), 1);

    [Fact]
    public async Task AHostTimeBudgetStopsTheLoopBeforeATrialWouldOverrunIt()
    {
        // Grid order keeps the batch size (a restart) fixed, so after the first trial each costs 5 minutes.
        var run = await SearchRuns.RunAsync(
            SyntheticSpaces.H100(),
            Slos.ItlMedian(25),
            new GridStrategy(),
            Host(),
            TuningBudget.Parse("30m")
        );

        run.HostTime.Should().BeLessThanOrEqualTo(TimeSpan.FromMinutes(30), "the budget is never overrun");
        run.HostTime.Should().BeGreaterThan(TimeSpan.FromMinutes(25), "it stops only when no trial fits");
        run.StopReason.Should().Contain("budget of 1800 s host time");
    }

    [Fact]
    public async Task TheRunCarriesTheSeedTheSloAndAPositiveHypervolume()
    {
        var run = await SearchRuns.RunAsync(
            SyntheticSpaces.Tiny(),
            Slos.ItlMedian(25),
            StrategyFactory.Create("random", 3),
            Host()
        );

        run.Seed.Should().Be(3);
        run.Slo!.ToString().Should().Be("p50 itl<=25ms");
        run.Hypervolume.Should().BePositive();
    }

    [Fact]
    public async Task AConfigurationProposedAgainIsMeasuredAsTheNextRepetition()
    {
        var host = Host();
        var run = await SearchRuns.RunAsync(
            SyntheticSpaces.Tiny(),
            Slos.ItlMedian(25),
            new RepeatFirst(),
            host,
            TuningBudget.Trials(2)
        );

        run.Observations.Should().HaveCount(2);
        run.Observations[0].Configuration.Should().Be(run.Observations[1].Configuration);
        run.Observations[0]
            .Metric("energy_per_token_j")
            .Should()
            .NotBe(run.Observations[1].Metric("energy_per_token_j"));
        run.ConfigurationsMeasured.Should().Be(1);
    }

    private sealed class RepeatFirst : ISearchStrategy
    {
        public string Name => "repeat";

        public StrategyDecision Next(SearchState state) => StrategyDecision.Measure(state.Candidates[0]);
    }
}
