using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Search.Bayesian;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Recommender.Tests.Support;
using static MLEnergy.Recommender.Tests.Support.BatchOnlySpace;

namespace MLEnergy.Recommender.Tests.Search;

/// <summary>
/// The cheapest undecided candidate cheaper than the incumbent whose mean lies under the bound is the one whose verdict
/// decides the pick: it is repeated until decided, whatever its predicted chance of passing.
/// </summary>
public class DecidingRepeatsTests
{
    [Fact]
    public void TheCheapestUndecidedCandidateUnderTheBoundIsRepeatedThoughItsPassChanceIsLow()
    {
        // Two trials at 19.4 and 20.5 ms on a 20 ms bound: a mean 0.25 % under it, undecided, and a pass within ten
        // trials unlikely; it uses half the incumbent's energy, so its verdict decides the pick.
        var state = State(Trial(64, 19.4, 1.0), Trial(64, 20.5, 1.0));
        var evidence = new SearchEvidence(state, new KnobGeometry(Batches, [.. Batches.Enumerate()]));
        var candidate = evidence.Items.Single(e => e.Merged.Configuration.Equals(Batch(64)));

        SearchEvidence.IsUndecided(candidate).Should().BeTrue();
        candidate.WorstRatio.Should().BeApproximately(19.95 / 20, 1e-9);
        evidence
            .PassChance(candidate, AutoOptions.Default.MaxRepeats)
            .Should()
            .BeLessThan(AutoOptions.Default.MinPassChance);
        new AutoStrategy(1).Next(state).Configuration.Should().Be(Batch(64));
        new AutoStrategy(1, AutoOptions.Default with { RepeatDeciding = false })
            .Next(state)
            .Configuration.Should()
            .NotBe(Batch(64))
            .And.NotBeNull();
    }

    [Fact]
    public void ACandidateWhoseMeanReadsOverTheBoundIsNotTheDecidingOne()
    {
        // The cheapest undecided candidate reads 0.5 % over the bound; the next cheapest, 0.25 % under it, is repeated.
        var state = State(Trial(128, 19.6, 0.8), Trial(128, 20.6, 0.8), Trial(64, 19.4, 1.0), Trial(64, 20.5, 1.0));

        new AutoStrategy(1).Next(state).Configuration.Should().Be(Batch(64));
    }

    private static SearchState State(params Observation[] candidates) =>
        new(
            Batches,
            [.. Batches.Enumerate()],
            [Trial(8, 10, 2.0), Trial(8, 10.5, 2.0), Trial(8, 9.6, 2.0), Trial(8, 10.2, 2.0), .. candidates],
            Slos.ItlMedian(20),
            100
        );
}
