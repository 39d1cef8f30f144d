using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Search.Bayesian;
using MLEnergy.Recommender.Search.Parallel;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Search;

public class AutoStrategyStopTests
{
    private static SyntheticEvaluator Host(int seed) =>
        new(new SyntheticServingPhysics(SyntheticModel.Small), seed, 0.015, 0.045);

    [Fact]
    public async Task ItStopsOnceThePatienceRunsOutWithoutABetterConfiguration()
    {
        var options = AutoOptions.Default with { Patience = 6, MinExpectedImprovement = 0, HostTimePatience = false };

        var run = await SearchRuns.RunAsync(
            SyntheticSpaces.OfSize(100_000),
            Slos.ItlMedian(25),
            new AutoStrategy(1, options),
            Host(1),
            TuningBudget.Trials(200)
        );

        run.StopReason.Should().Contain("no better configuration in the last");
        run.TrialsMeasured.Should().BeLessThan(60);
    }

    [Fact]
    public async Task ThePatienceIsSpentInTheHostTimeOfNewConfigurationsFirstTrials()
    {
        // Trials that miss the SLO end after a minute, those that meet it run five (restarts left out): in host time
        // the patience is six configurations' first trials at their mean length; counted, six new configurations.
        var options = AutoOptions.Default with
        {
            Patience = 6,
            MinExpectedImprovement = 0,
        };
        var counted = await SearchRuns.RunAsync(
            SyntheticSpaces.OfSize(100_000),
            Slos.ItlMedian(25),
            new AutoStrategy(1, options with { HostTimePatience = false }),
            new QuickMisses(Host(1), 25),
            TuningBudget.Trials(300)
        );
        var timed = await SearchRuns.RunAsync(
            SyntheticSpaces.OfSize(100_000),
            Slos.ItlMedian(25),
            new AutoStrategy(1, options),
            new QuickMisses(Host(1), 25),
            TuningBudget.Trials(300)
        );

        counted.StopReason.Should().Contain("new configurations (patience 6)");
        timed.StopReason.Should().Contain("of host time since the incumbent");
    }

    [Fact]
    public async Task NewConfigurationsOtherWorkersAreMeasuringSpendThePatience()
    {
        // A single-worker run that stopped on the patience, less one configuration measured once: alone the patience
        // may last; with that configuration being measured by another worker it has run out.
        var options = AutoOptions.Default with
        {
            Patience = 6,
            MinExpectedImprovement = 0,
            MaxRepeats = 0,
        };
        var space = SyntheticSpaces.OfSize(100_000);
        var slo = Slos.ItlMedian(25);
        var run = await SearchRuns.RunAsync(
            space,
            slo,
            new AutoStrategy(1, options),
            new QuickMisses(Host(1), 25),
            TuningBudget.Trials(300)
        );
        run.StopReason.Should().Contain("of host time since the incumbent");
        var once = Enumerable
            .Range(0, run.Observations.Count)
            .Where(i => run.Observations.Count(o => o.Configuration.Equals(run.Observations[i].Configuration)) == 1);

        var decided = once.Select(i =>
            {
                var without = run.Observations.Where((_, j) => j != i).ToList();
                var before = new SearchState(space, [.. space.Enumerate()], without, slo, 300);
                var pending = new PendingTrial(run.Observations[i].Configuration, run.Observations[i].Fidelity);
                return (
                    Alone: new AutoStrategy(1, options).Next(before),
                    WithPending: new AutoStrategy(1, options).Next(ConstantLiar.WithPending(before, [pending]))
                );
            })
            .ToList();

        decided
            .Should()
            .Contain(d =>
                d.Alone.StopReason == null
                && d.WithPending.StopReason != null
                && d.WithPending.StopReason.Contains("of host time since the incumbent")
            );
    }

    private sealed class QuickMisses(IEvaluator inner, double boundMs) : IEvaluator
    {
        public string Description => inner.Description;

        public IReadOnlyCollection<string> MetricNames => inner.MetricNames;

        public async Task<Observation> EvaluateAsync(TrialRequest request, CancellationToken cancellationToken)
        {
            var trial = await inner.EvaluateAsync(request, cancellationToken);
            return trial with { HostTime = TimeSpan.FromMinutes(trial.Metric("itl_p50_ms") > boundMs ? 1 : 5) };
        }
    }

    [Fact]
    public async Task ItStepsDownTheIncumbentsClockCapBeforeStopping()
    {
        // The 14B model under a median ITL of 18 ms: the least energy is at a 1,425 MHz cap (ITL at 0.99 of the
        // bound), 5.4 % under the full clock at 400 W (0.94). The surrogates' linear trend, fitted on the initial
        // design's slow corners, holds every lower clock of that line costlier and too slow: without the step down
        // (SlackDescent off) the search stops on the expected improvement at the full clock.
        var physics = new SyntheticServingPhysics(SyntheticModel.Medium);
        var space = SyntheticSpaces.H100();
        var slo = Slos.ItlMedian(18);
        var optimum = SearchRuns.Oracle(space, new SyntheticEvaluator(physics, 1), 18);

        async Task<double> TrueGap(AutoOptions options)
        {
            var host = new SyntheticEvaluator(physics, 1);
            var run = await SearchRuns.RunAsync(space, slo, new AutoStrategy(30, options), host);
            var chosen = RecommendationSelector.Select(run.Merged, slo, space.Objective, null).Recommended!;
            return (host.Truth(chosen.Configuration).EnergyPerTokenJoules / optimum.Energy) - 1;
        }

        (await TrueGap(AutoOptions.Default with { SlackDescent = false })).Should().BeGreaterThan(0.05);
        (await TrueGap(AutoOptions.Default)).Should().BeLessThan(0.01, "the default steps down");
    }

    [Theory]
    [InlineData(null, 8)]
    [InlineData(3, 12)]
    public async Task TheExpectedImprovementStopsTheSearchOnceTwoConfigurationsPerKnobPlusOneAreMeasured(
        int? perKnob,
        int configurations
    )
    {
        // Any improvement counts as too small, and no step down or compass step follows: the search stops as soon as
        // its floor allows. Three knobs (clock, power limit, batch): by default 2 × (3 + 1) = 8 configurations; at
        // three per knob 12. Repeats of the incumbent before the stop add trials, not configurations.
        var options = AutoOptions.Default with
        {
            MinExpectedImprovement = 1,
            SlackDescent = false,
            PolishLimitPerDimension = 0,
        };
        if (perKnob is { } n)
        {
            options = options with { MinConfigurationsPerDimension = n };
        }

        var run = await SearchRuns.RunAsync(
            SyntheticSpaces.H100(),
            Slos.ItlMedian(25),
            new AutoStrategy(1, options),
            Host(1)
        );

        run.StopReason.Should().Contain("expected energy improvement fell below");
        run.ConfigurationsMeasured.Should().Be(configurations);
    }

    [Fact]
    public async Task TheDefaultPatienceKeepsAHundredThousandConfigurationsToAFewDozenTrials()
    {
        var run = await SearchRuns.RunAsync(
            SyntheticSpaces.OfSize(100_000),
            Slos.ItlMedian(25),
            new AutoStrategy(2),
            Host(2),
            TuningBudget.Trials(200)
        );

        run.TrialsMeasured.Should().BeLessThan(80, "the stop rule counts knobs, not levels: {0}", run.StopReason);
    }

    [Fact]
    public async Task ConfigurationsThatCannotRunAreLearnedAndAvoided()
    {
        // Batch sizes up to 16 do not fit in memory here, whatever the clock and power limit.
        var host = new CannotRunSmallBatches(Host(3));

        var run = await SearchRuns.RunAsync(SyntheticSpaces.H100(), Slos.ItlMedian(25), new AutoStrategy(3), host);

        run.Observations.Count(o => !o.Feasible).Should().BeLessThan(6);
        run.Observations.Count(o => o.Feasible).Should().BeGreaterThan(10);
    }

    private sealed class CannotRunSmallBatches(IEvaluator inner) : IEvaluator
    {
        public string Description => inner.Description;

        public IReadOnlyCollection<string> MetricNames => inner.MetricNames;

        public Task<Observation> EvaluateAsync(TrialRequest request, CancellationToken cancellationToken) =>
            request.Configuration.Number(SyntheticSpaces.Batch) <= 16
                ? Task.FromResult(
                    Observation.Infeasible(request.Configuration, "out of memory") with
                    {
                        Fidelity = request.Fidelity,
                    }
                )
                : inner.EvaluateAsync(request, cancellationToken);
    }
}
