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

    private static readonly KnobGeometry Geometry = new(Space, Candidates);

    [Fact]
    public void APendingConfigurationBelievesItsNearestMeasuredNeighbourALittleWorse()
    {
        var state = State(ObservationBuilder.Of(8, 20, 0.30), ObservationBuilder.Of(64, 45, 0.10));

        var lied = ConstantLiar.WithPending(state, [new PendingTrial(Batch(32), TrialFidelity.Screening)]);

        var fantasy = lied.Observations.Should().HaveCount(3).And.Subject.Last();
        fantasy.Configuration.Should().Be(Batch(32));
        fantasy.Metric("energy_per_token_j").Should().BeApproximately(0.105, 1e-12);
        fantasy.Metric("itl_p50_ms").Should().Be(45);
        fantasy.Fidelity.Should().Be(TrialFidelity.Screening);
        lied.IsMeasured(Batch(32)).Should().BeTrue();
        state.IsMeasured(Batch(32)).Should().BeFalse();
    }

    [Fact]
    public void BeforeAnyTrialFinishedAPendingConfigurationCountsAsInfeasible()
    {
        var lied = ConstantLiar.WithPending(State(), [new PendingTrial(Batch(32), TrialFidelity.Full)]);

        lied.Observations.Should().ContainSingle().Which.Feasible.Should().BeFalse();
    }

    [Fact]
    public void APendingRepeatIsBelievedAtTheMeanOfItsConfigurationsTrialsWithNoPenalty()
    {
        var state = State(
            ObservationBuilder.Of(8, 20, 0.30),
            ObservationBuilder.Of(64, 45, 0.10),
            ObservationBuilder.Of(8, 24, 0.34)
        );

        var lied = ConstantLiar.WithPending(state, [new PendingTrial(Batch(8), TrialFidelity.Full)]);

        lied.Observations[^1].Metric("energy_per_token_j").Should().BeApproximately(0.32, 1e-12);
        lied.Observations[^1].Metric("itl_p50_ms").Should().BeApproximately(22, 1e-12);
    }

    [Fact]
    public void FantasiesAreCountedAsBelievedAndLeftOutOfTheMeasurements()
    {
        var state = State(ObservationBuilder.Of(8, 20, 0.30), ObservationBuilder.Of(64, 45, 0.10));

        var lied = ConstantLiar.WithPending(
            ConstantLiar.WithPending(state, [new PendingTrial(Batch(8), TrialFidelity.Full)]),
            [new PendingTrial(Batch(32), TrialFidelity.Full)]
        );

        lied.Believed.Should().Be(2);
        lied.Measurements.Should().Equal(state.Observations);
    }

    [Fact]
    public void ABelievedRepeatIsNoEvidenceThatTrialsComeBackIdentical()
    {
        // A repeat believed at the mean of one trial equals that trial; taken for a measured repeat, it would make
        // auto treat the target as exact (replayed tables) and stop confirming.
        var state = State(ObservationBuilder.Of(8, 20, 0.30), ObservationBuilder.Of(64, 35, 0.10));

        var lied = ConstantLiar.WithPending(state, [new PendingTrial(Batch(64), TrialFidelity.Full)]);

        new SearchEvidence(lied, Geometry).Deterministic.Should().BeFalse();
        new SearchEvidence(state with { Observations = [.. state.Observations, state.Observations[^1]] }, Geometry)
            .Deterministic.Should()
            .BeTrue();
    }

    [Fact]
    public void WithTheBestsConfirmationPendingAutoStillAsksForTheNextConfirmation()
    {
        // Every configuration measured once: auto confirms the best (32) with more full trials. One confirmation
        // believed done, it still wants another, which a second worker can measure side by side.
        var state = State(
            ObservationBuilder.Of(8, 20, 0.30),
            ObservationBuilder.Of(16, 24, 0.20),
            ObservationBuilder.Of(32, 30, 0.15),
            ObservationBuilder.Of(64, 45, 0.10)
        );
        var auto = new AutoStrategy(seed: 1);
        auto.Next(state).Configuration.Should().Be(Batch(32));

        var believed = ConstantLiar.WithPending(state, [new PendingTrial(Batch(32), TrialFidelity.Full)]);

        auto.Next(believed).Configuration.Should().Be(Batch(32));
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
