using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Search.Bayesian;
using MLEnergy.Recommender.Search.Parallel;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Search.Parallel;

public class RestartRoundTripTests
{
    private static readonly Configuration Baseline = SyntheticSpaces.H100().Baseline!;

    [Fact]
    public void WithOtherWorkersTrialsBelievedARestartCostsTheWayBackToo()
    {
        var state = new SearchState(
            SyntheticSpaces.H100(),
            [.. SyntheticSpaces.H100().Enumerate()],
            [ObservationBuilder.Of(64, 20, 0.30)],
            Slos.ItlMedian(25),
            10
        );

        var believed = ConstantLiar.WithPending(state, [new PendingTrial(Baseline, TrialFidelity.Full)]);

        state.RestartRoundTrip.Should().BeFalse();
        believed.RestartRoundTrip.Should().BeTrue();
    }

    [Fact]
    public async Task ADetourStaysOnTheServersBatchSizeWhereAFirstChoiceMovesToAnother()
    {
        // Eight trials of auto on the synthetic 8B host (ITL p50 <= 25 ms), the server at the baseline's batch size 64.
        // As a first choice auto restarts the server to batch 128 (its gain per cost beats every batch-64 step by more
        // than a restart's 0.6 of a trial); counting the restart back as well, it stays at batch 64 and lowers the
        // power limit instead.
        var space = SyntheticSpaces.H100();
        var host = new SyntheticEvaluator(new SyntheticServingPhysics(SyntheticModel.Small), 1);
        var run = await SearchRuns.RunAsync(space, Slos.ItlMedian(25), new AutoStrategy(7), host);
        var state = new SearchState(
            space,
            [.. space.Enumerate()],
            [.. run.Observations.Take(8)],
            Slos.ItlMedian(25),
            100
        )
        {
            Current = Baseline,
        };

        var first = new AutoStrategy(7).Next(state).Configuration!;
        var detour = new AutoStrategy(7).Next(state with { RestartRoundTrip = true }).Configuration!;

        first.Key.Should().Be("gpu_clock=1980,max_num_seqs=128,power_limit=300");
        detour.Key.Should().Be("gpu_clock=1980,max_num_seqs=64,power_limit=200");
    }
}
