using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Search.Bayesian;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Recommender.Tests.Support;
using static MLEnergy.Recommender.Tests.Support.BatchOnlySpace;

namespace MLEnergy.Recommender.Tests.Search;

public class AutoStrategyNoiseTests
{
    private static SearchState State(params Observation[] trials) =>
        new(Batches, [.. Batches.Enumerate()], trials, Slos.ItlMedian(20), 100);

    [Fact]
    public void AnUndecidedCandidateThatWouldSaveHalfTheEnergyIsRepeatedThoughAPassIsUnlikely()
    {
        // Batch 64 would save half the energy, but its two trials average 0.1 % under the bound with about 4 % noise:
        // the chance that ten trials pass the sequential test is under the one in five that the pass chance alone asks
        // for. Its expected saving, that chance times 50 %, is above the incumbent's energy standard error (5 % spread
        // over three trials, about 2.9 %): worth a trial.
        var state = State(
            Trial(8, 10, 2.0),
            Trial(8, 10.5, 2.1),
            Trial(8, 9.6, 1.9),
            Trial(64, 19.58, 1.0),
            Trial(64, 20.38, 1.05)
        );

        // Without the deciding-candidate rule (DecidingRepeatsTests), which repeats it whatever its pass chance.
        var next = new AutoStrategy(1, new AutoOptions { RepeatByExpectedSaving = true, RepeatDeciding = false }).Next(
            state
        );
        var byChance = new AutoStrategy(1, new AutoOptions { RepeatDeciding = false }).Next(state);

        next.Configuration.Should().Be(Batch(64));
        byChance.Configuration.Should().NotBe(Batch(64));
        byChance.Configuration.Should().NotBeNull();
    }

    [Fact]
    public void TheSavingFloorIsTheIncumbentsEnergyStandardErrorAndNoneWithExactMeasurements()
    {
        var noisy = State(Trial(8, 10, 2.0), Trial(8, 10.5, 2.1), Trial(8, 9.6, 1.9));
        var exact = State(Trial(8, 10, 2.0), Trial(8, 10, 2.0));
        var geometry = new KnobGeometry(Batches, [.. Batches.Enumerate()]);

        // Log spread of 2.0, 2.1 and 1.9: 0.050; over the square root of three trials: 0.029.
        new SearchEvidence(noisy, geometry)
            .SavingFloor(AutoOptions.Default)
            .Should()
            .BeApproximately(0.0289, 5e-4);
        new SearchEvidence(noisy, geometry)
            .SavingFloor(AutoOptions.Default with { SavingFloorErrors = 0 })
            .Should()
            .Be(AutoOptions.Default.MinExpectedImprovement);
        new SearchEvidence(exact, geometry)
            .SavingFloor(AutoOptions.Default)
            .Should()
            .Be(AutoOptions.Default.MinExpectedImprovement);
    }

    [Fact]
    public void WithExactMeasurementsTheNextBatchIsWhereLatencyCrossesTheBoundBetweenAMetAndAMissedOne()
    {
        // Batch 8 runs at half the bound, batch 1024 at four times it: in log-log the bound is crossed a third of the
        // way, at about batch 40, so batch 32 is next (bisection at two thirds of the open sizes would take 256).
        var state = State(Trial(8, 10, 2.0), Trial(8, 10, 2.0), Trial(1024, 80, 0.2));

        var next = new AutoStrategy(1).Next(state);

        next.Configuration.Should().Be(Batch(32));
    }
}
