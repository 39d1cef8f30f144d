using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Search.Bayesian;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Search;

public class AutoStrategyTests
{
    private static SyntheticEvaluator Host(SyntheticModel model, int seed, double noise = 0.015) =>
        new(new SyntheticServingPhysics(model), seed, noise, noise * 3);

    [Fact]
    public async Task OnASmallNoiseFreeSpaceItFindsTheTrueOptimumWithoutMeasuringEverything()
    {
        var space = SyntheticSpaces.Tiny();
        var host = Host(SyntheticModel.Small, 1, noise: 0);

        var run = await SearchRuns.RunAsync(space, Slos.ItlMedian(25), new AutoStrategy(3), host);

        var chosen = RecommendationSelector.Select(run.Merged, Slos.ItlMedian(25), space.Objective, null).Recommended!;
        chosen.Configuration.Should().Be(SearchRuns.Oracle(space, host, 25).Configuration);
        run.ConfigurationsMeasured.Should().BeLessThan(12);
    }

    [Fact]
    public async Task OnTheH100SpaceWithNoiseItLandsWithinThreePercentUsingUnderFivePercentOfTheTrials()
    {
        var space = SyntheticSpaces.H100();
        var host = Host(SyntheticModel.Large, 2);

        var run = await SearchRuns.RunAsync(space, Slos.ItlMedian(120), new AutoStrategy(5), host);

        var chosen = RecommendationSelector
            .Select(run.Merged, Slos.ItlMedian(120), space.Objective, space.Baseline)
            .Recommended!;
        var truth = host.Truth(chosen.Configuration);
        truth.ItlMedianMs.Should().BeLessThanOrEqualTo(120);
        truth.EnergyPerTokenJoules.Should().BeLessThanOrEqualTo(1.03 * SearchRuns.Oracle(space, host, 120).Energy);
        run.TrialsMeasured.Should().BeLessThan(run.Candidates / 20);
        run.StopReason.Should().Contain("expected energy improvement fell below");
    }

    [Fact]
    public async Task TheSameSeedGivesTheSameTrialsAndAnotherSeedOthers()
    {
        var space = SyntheticSpaces.OfSize(10_000);

        async Task<string[]> Trials(int seed) =>
            [
                .. (
                    await SearchRuns.RunAsync(
                        space,
                        Slos.ItlMedian(25),
                        new AutoStrategy(seed),
                        Host(SyntheticModel.Small, 1)
                    )
                ).Observations.Select(o => o.Configuration.Key),
            ];

        (await Trials(4)).Should().Equal(await Trials(4));
        (await Trials(4)).Should().NotEqual(await Trials(5));
    }

    [Fact]
    public async Task NothingAtLeastAsSlowAsAClearMissIsMeasuredAfterIt()
    {
        var space = SyntheticSpaces.H100();
        var slo = Slos.ItlMedian(25);
        var run = await SearchRuns.RunAsync(space, slo, new AutoStrategy(1), Host(SyntheticModel.Small, 1, noise: 0));

        var trials = run
            .Observations.Select(o =>
                (
                    Clock: o.Configuration.Number(SyntheticSpaces.Clock)!.Value,
                    Power: o.Configuration.Number(SyntheticSpaces.PowerLimit)!.Value,
                    Batch: o.Configuration.Number(SyntheticSpaces.Batch)!.Value,
                    Itl: o.Metric("itl_p50_ms")!.Value
                )
            )
            .ToList();
        var misses = 0;
        for (var i = 0; i < trials.Count; i++)
        {
            var miss = trials[i];
            if (miss.Itl <= 25 * 1.02)
            {
                continue;
            }

            misses++;
            trials
                .Skip(i + 1)
                .Should()
                .NotContain(t => t.Batch >= miss.Batch && t.Clock <= miss.Clock && t.Power <= miss.Power);
        }

        misses.Should().BePositive();
    }

    [Fact]
    public async Task WithExactMeasurementsNoSmallerBatchThanOneThatMetTheSloIsMeasuredAfterIt()
    {
        var space = SyntheticSpaces.H100();
        var slo = Slos.ItlMedian(25);
        var run = await SearchRuns.RunAsync(space, slo, new AutoStrategy(1), Host(SyntheticModel.Small, 1, noise: 0));

        var trials = run
            .Observations.Select(o =>
                (
                    o.Configuration.Key,
                    Clock: o.Configuration.Number(SyntheticSpaces.Clock)!.Value,
                    Power: o.Configuration.Number(SyntheticSpaces.PowerLimit)!.Value,
                    Batch: o.Configuration.Number(SyntheticSpaces.Batch)!.Value,
                    Itl: o.Metric("itl_p50_ms")!.Value
                )
            )
            .ToList();
        var meets = 0;
        for (var i = 2; i < trials.Count; i++)
        {
            var met = trials[i];
            if (met.Itl > 25)
            {
                continue;
            }

            meets++;
            var earlier = trials.Take(i).Select(t => t.Key).ToHashSet();
            trials
                .Skip(i + 1)
                .Where(t => !earlier.Contains(t.Key))
                .Should()
                .NotContain(t => t.Batch < met.Batch && t.Clock == met.Clock && t.Power == met.Power);
        }

        meets.Should().BePositive();
        run.Observations[1].Configuration.Should().Be(run.Observations[0].Configuration);
    }

    [Fact]
    public async Task TheRecommendedConfigurationIsMeasuredAgainBeforeTheRunStops()
    {
        var space = SyntheticSpaces.OfSize(1_000);
        var slo = Slos.ItlMedian(40);
        var run = await SearchRuns.RunAsync(space, slo, new AutoStrategy(2), Host(SyntheticModel.Medium, 3));

        var chosen = RecommendationSelector.Select(run.Merged, slo, space.Objective, space.Baseline).Recommended!;
        run.Observations.Count(o => o.Configuration.Equals(chosen.Configuration)).Should().BeGreaterThanOrEqualTo(2);
    }

    [Fact]
    public async Task AnSloNothingCanMeetEndsTheRunEarlyAndSaysWhy()
    {
        var space = SyntheticSpaces.H100();
        var run = await SearchRuns.RunAsync(
            space,
            Slos.ItlMedian(1),
            new AutoStrategy(1),
            Host(SyntheticModel.Small, 1)
        );

        run.TrialsMeasured.Should().BeLessThan(30);
        run.StopReason.Should().MatchRegex("(likely to meet|could meet) the SLO");
    }

    [Fact]
    public async Task ATrialBudgetIsNeverExceeded()
    {
        var run = await SearchRuns.RunAsync(
            SyntheticSpaces.H100(),
            Slos.ItlMedian(25),
            new AutoStrategy(1),
            Host(SyntheticModel.Small, 1),
            TuningBudget.Trials(7)
        );

        run.TrialsMeasured.Should().Be(7);
        run.StopReason.Should().Be("the budget of 7 trials is spent");
    }
}
