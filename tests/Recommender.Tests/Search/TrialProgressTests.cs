using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Search;

public class TrialProgressTests
{
    private sealed class Recorder : IProgress<TrialProgress>
    {
        public List<TrialProgress> Reports { get; } = [];

        public void Report(TrialProgress value) => Reports.Add(value);
    }

    [Fact]
    public async Task AResumedRunContinuesTheCountAndTheBudgetBoundsTheExpectedTotal()
    {
        var space = SyntheticSpaces.Tiny();
        var host = new SyntheticEvaluator(new SyntheticServingPhysics(SyntheticModel.Small), 1);
        var first = await SearchRuns.RunAsync(
            space,
            Slos.ItlMedian(25),
            new GridStrategy(),
            host,
            TuningBudget.Trials(2)
        );
        var recorder = new Recorder();

        await new TuningLoop(host, new GridStrategy(), recorder).RunAsync(
            new TuningRequest(space, Slos.ItlMedian(25), MaxTrials: 2) { Previous = [.. first.Observations] },
            CancellationToken.None
        );

        recorder.Reports.Select(r => r.RunTrialNumber).Should().Equal(3, 4);
        recorder.Reports.Should().OnlyContain(r => r.ExpectedTotal == 4);
        // Each report carries the run's every trial so far, the earlier session's first, as the selection sees them.
        recorder.Reports.Select(r => r.RunTrials.Count).Should().Equal(3, 4);
        recorder.Reports[1].RunTrials.Take(2).Should().Equal(first.Observations);
        recorder.Reports[1].RunTrials[^1].Should().Be(recorder.Reports[1].Observation);
    }

    [Fact]
    public async Task ABaselineOutsideThePinnedSpaceCountsAmongTheConfigurationsTheRunMayMeasure()
    {
        // 3 clocks x 4 batch sizes, the baseline at 128 sequences, a value the space leaves out: the run measures 13
        // configurations, and the progress line said "13 of 12 configurations".
        var space = SyntheticSpaces.Tiny() with
        {
            Baseline = Knobs.Configuration.Of((SyntheticSpaces.Clock, "1980"), (SyntheticSpaces.Batch, "128")),
        };
        var host = new SyntheticEvaluator(new SyntheticServingPhysics(SyntheticModel.Small), 1);
        var recorder = new Recorder();

        var run = await new TuningLoop(host, new GridStrategy(), recorder).RunAsync(
            new TuningRequest(space, Slos.ItlMedian(25)),
            CancellationToken.None
        );

        run.ConfigurationsMeasured.Should().Be(13);
        recorder.Reports.Should().OnlyContain(r => r.Candidates == 13);
        run.Candidates.Should().Be(12, "the summary says how many are in the space");
    }

    [Fact]
    public async Task WithoutABudgetThereIsNoExpectedTotalToOverrun()
    {
        var recorder = new Recorder();
        var host = new SyntheticEvaluator(new SyntheticServingPhysics(SyntheticModel.Small), 1);

        await new TuningLoop(host, new GridStrategy(), recorder).RunAsync(
            new TuningRequest(SyntheticSpaces.Tiny(), Slos.ItlMedian(25)),
            CancellationToken.None
        );

        recorder.Reports.Should().OnlyContain(r => r.ExpectedTotal == null);
        recorder.Reports.Select(r => r.RunTrialNumber).Should().BeInAscendingOrder().And.OnlyHaveUniqueItems();
    }
}
