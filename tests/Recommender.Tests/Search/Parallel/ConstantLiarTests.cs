using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Search.Bayesian;
using MLEnergy.Recommender.Search.Parallel;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Search.Parallel;

public class ConstantLiarTests
{
    private static readonly SearchSpace Space = new()
    {
        Name = "batches",
        Target = "test",
        Knobs =
        [
            new Knob(
                "max_num_seqs",
                KnobKind.ServerBatchSize,
                [KnobValue.Of(8), KnobValue.Of(16), KnobValue.Of(32), KnobValue.Of(64)],
                RestartsServer: true
            ),
        ],
    };

    private static readonly IReadOnlyList<Configuration> Candidates = [.. Space.Enumerate()];

    [Fact]
    public void APendingNewConfigurationTakesTheWorstValueOfEachMetricSeen()
    {
        var state = State(ObservationBuilder.Of(8, 20, 0.30), ObservationBuilder.Of(64, 45, 0.10));

        var lied = ConstantLiar.WithPending(state, [new PendingTrial(Batch(16), TrialFidelity.Screening)]);

        var fantasy = lied.Observations.Should().HaveCount(3).And.Subject.Last();
        fantasy.Configuration.Should().Be(Batch(16));
        fantasy.Metric("energy_per_token_j").Should().Be(0.30);
        fantasy.Metric("itl_p50_ms").Should().Be(45);
        fantasy.Fidelity.Should().Be(TrialFidelity.Full);
        lied.IsMeasured(Batch(16)).Should().BeTrue();
        state.IsMeasured(Batch(16)).Should().BeFalse();
    }

    [Fact]
    public void BeforeAnyTrialFinishedAPendingConfigurationCountsAsInfeasible()
    {
        var lied = ConstantLiar.WithPending(State(), [new PendingTrial(Batch(32), TrialFidelity.Full)]);

        lied.Observations.Should().ContainSingle().Which.Feasible.Should().BeFalse();
    }

    [Fact]
    public void APendingRepeatCopiesTheLastTrialAHairWorse()
    {
        var state = State(ObservationBuilder.Of(8, 20, 0.30), ObservationBuilder.Of(64, 45, 0.10));

        var lied = ConstantLiar.WithPending(state, [new PendingTrial(Batch(64), TrialFidelity.Full)]);

        var fantasy = lied.Observations[^1];
        fantasy.Metric("energy_per_token_j").Should().BeGreaterThan(0.10).And.BeLessThan(0.1001);
        fantasy.Metric("itl_p50_ms").Should().BeGreaterThan(45).And.BeLessThan(45.01);
    }

    [Fact]
    public void GridSkipsConfigurationsOtherWorkersAreMeasuring()
    {
        var pending = Candidates.Take(3).Select(c => new PendingTrial(c, TrialFidelity.Full)).ToList();

        var decision = new GridStrategy().Next(ConstantLiar.WithPending(State(), pending));

        decision.Configuration.Should().Be(Candidates[3]);
    }

    [Fact]
    public void AutoProposesSomethingElseThanWhatIsPending()
    {
        var measured = State(ObservationBuilder.Of(8, 20, 0.30));
        var first = new AutoStrategy(seed: 1).Next(measured).Configuration!;

        var second = new AutoStrategy(seed: 1).Next(
            ConstantLiar.WithPending(measured, [new PendingTrial(first, TrialFidelity.Full)])
        );

        second.Configuration.Should().NotBeNull().And.NotBe(first);
    }

    private static SearchState State(params Observation[] observations) =>
        new(Space, Candidates, observations, Slos.ItlMedian(40), 10);

    private static Configuration Batch(int batch) =>
        Configuration.Of(("max_num_seqs", batch.ToString(System.Globalization.CultureInfo.InvariantCulture)));
}
