using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Selection;

public class DecisionTests
{
    private static readonly ServiceLevelObjective Slo = SloParser.ParseAll(["p50 itl<=30ms"]);

    private static Observation Trial(int batch, double latencyMs, double energy, double requests = 100) =>
        ObservationBuilder.Of(batch, latencyMs, energy) with
        {
            Metrics = ObservationBuilder.Of(batch, latencyMs, energy).Metrics.Add(MetricNames.Requests, requests),
        };

    private static RecommendationOutcome Select(
        IReadOnlyList<Observation> trials,
        Configuration? baseline,
        double threshold = 2
    ) =>
        RecommendationSelector.Select(
            MLEnergy.Recommender.Search.RepeatedTrials.Merge(trials),
            Slo,
            ObjectiveKind.EnergyPerToken,
            baseline,
            trials,
            threshold
        );

    [Fact]
    public void ASavingInsideTheRepeatToRepeatNoiseKeepsTheCurrentConfiguration()
    {
        // 0.3 % better on average, with about 1 % noise between repeats: no meaningful saving.
        var trials = new[]
        {
            Trial(8, 10, 0.400),
            Trial(8, 10, 0.408),
            Trial(8, 10, 0.396),
            Trial(16, 12, 0.396),
            Trial(16, 12, 0.404),
            Trial(16, 12, 0.401),
        };

        var outcome = Select(trials, trials[0].Configuration);

        outcome.Decision.Should().Be(Decision.KeepCurrent);
        outcome.Savings!.HasInterval.Should().BeTrue();
        outcome.Savings.LowPercent.Should().BeLessThan(0);
        outcome.Savings.HighPercent.Should().BeGreaterThan(outcome.Savings.Percent);
    }

    [Fact]
    public void AClearSavingWithRepeatsIsAChangeWithAnIntervalAroundIt()
    {
        var trials = new[] { Trial(8, 10, 0.400), Trial(8, 10, 0.404), Trial(16, 12, 0.200), Trial(16, 12, 0.202) };

        var outcome = Select(trials, trials[0].Configuration);

        outcome.Decision.Should().Be(Decision.Change);
        outcome.Savings!.Percent.Should().BeApproximately(50, 0.5);
        outcome.Savings.LowPercent.Should().BeInRange(40, 50);
        outcome.Savings.HighPercent.Should().BeInRange(50, 60);
    }

    [Fact]
    public void ASavingBelowTheThresholdWithoutRepeatsKeepsTheCurrentConfiguration()
    {
        var trials = new[] { Trial(8, 10, 0.400), Trial(16, 12, 0.399) };

        Select(trials, trials[0].Configuration).Decision.Should().Be(Decision.KeepCurrent);
        Select(trials, trials[0].Configuration, threshold: 0.1).Decision.Should().Be(Decision.Change);
    }

    [Fact]
    public void WhenTheBaselineIsTheBestConfigurationTheDecisionIsToKeepIt()
    {
        var trials = new[] { Trial(8, 10, 0.2), Trial(16, 12, 0.3) };

        var outcome = Select(trials, trials[0].Configuration);

        outcome.Decision.Should().Be(Decision.KeepCurrent);
    }

    [Fact]
    public void NoSavingsAreQuotedAgainstABaselineThatCompletedNoRequests()
    {
        var trials = new[] { Trial(8, 10, 0.4, requests: 0), Trial(16, 12, 0.09) };

        var outcome = Select(trials, trials[0].Configuration);

        outcome.Savings.Should().BeNull();
        outcome.Decision.Should().Be(Decision.ChangeWithoutComparison);
        outcome.BaselineProblem.Should().Be("the baseline completed no requests");
    }

    [Fact]
    public void NoSavingsAreQuotedAgainstABaselineThatMissesTheSlo()
    {
        var trials = new[] { Trial(8, 45, 0.4), Trial(16, 12, 0.09) };

        var outcome = Select(trials, trials[0].Configuration);

        outcome.Savings.Should().BeNull();
        outcome.BaselineProblem.Should().Contain("does not meet the SLO").And.Contain("p50 itl<=30ms: 45 ms, missed");
    }

    [Fact]
    public void NoSavingsAreQuotedAgainstABaselineThatCouldNotRunAndTheReasonIsGiven()
    {
        var baseline = Configuration.Of(("max_num_seqs", "4"));
        var trials = new[] { Observation.Infeasible(baseline, "out of memory at TP=1"), Trial(16, 12, 0.09) };

        var outcome = Select(trials, baseline);

        outcome.Savings.Should().BeNull();
        outcome.BaselineProblem.Should().Be("the baseline could not run (out of memory at TP=1)");
    }

    [Fact]
    public void NoSavingsAreQuotedAgainstABaselineThatWasNotMeasured()
    {
        var trials = new[] { Trial(16, 12, 0.09) };

        var outcome = Select(trials, Configuration.Of(("max_num_seqs", "4")));

        outcome.BaselineProblem.Should().Be("the baseline configuration was not measured");
        outcome.Decision.Should().Be(Decision.ChangeWithoutComparison);
    }
}
