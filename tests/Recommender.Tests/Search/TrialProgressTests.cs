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
