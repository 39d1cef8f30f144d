using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Search.Bayesian;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Search;

/// <summary>
/// Trial r of every configuration shares its repetition's load, so whether an undecided candidate is cheaper than the
/// incumbent, and so worth another trial, is read at the incumbent's repetitions: against the incumbent's own trials
/// at the repetitions the candidate ran at, not against its mean over all of them.
/// </summary>
public class PairedEnergyTests
{
    private const string Energy = "energy_per_token_j";

    private static readonly SearchSpace Batches = new()
    {
        Name = "batches",
        Target = "synthetic",
        Knobs =
        [
            new Knob(
                SyntheticSpaces.Batch,
                KnobKind.ServerBatchSize,
                [.. new[] { 8.0, 16, 32, 64, 128, 256, 512, 1024 }.Select(KnobValue.Of)],
                true
            ),
        ],
    };

    [Fact]
    public void TheShiftIsHowMuchHigherTheIncumbentReadAtTheCandidatesRepetitionsThanOverAllOfItsOwn()
    {
        // The incumbent read 2.4 J at repetition 0 and 2.0 J at 1-3; the candidate ran at repetition 0 only:
        // ln 2.4 - (ln 2.4 + 3 ln 2.0) / 4 = 0.75 (ln 2.4 - ln 2.0) = 0.1367.
        var evidence = new SearchEvidence(
            State(Incumbent(2.4), Trial(64, 19, 2.2)),
            new KnobGeometry(Batches, [.. Batches.Enumerate()])
        );
        var candidate = evidence.Items.Single(e => e.Merged.Configuration.Equals(Batch(64)));

        evidence.PairedShift(candidate, Energy).Should().BeApproximately(0.1367, 1e-4);
        evidence.PairedEnergy(candidate).Should().BeApproximately(2.2 * Math.Exp(-0.75 * Math.Log(1.2)), 1e-9);
        evidence.PairedEnergy(evidence.Incumbent!).Should().BeApproximately(2.1, 1e-9);
        // The latency is not read through the repetitions: the candidate's own mean stands.
        candidate.WorstRatio.Should().BeApproximately(19.0 / 20, 1e-9);
    }

    [Fact]
    public void ACandidateMeasuredAtABurstyRepetitionIsRepeatedWhenItIsCheaperAtTheIncumbentsRepetitions()
    {
        // Its one trial (2.2 J) reads above the incumbent's mean (2.1 J) but under the incumbent's 2.4 J at the same
        // repetition: at the incumbent's repetitions it reads 1.92 J, cheaper, so it is worth a second trial.
        var state = State(Incumbent(2.4), Trial(64, 19, 2.2));

        var paired = new AutoStrategy(1).Next(state);
        var unpaired = new AutoStrategy(1, AutoOptions.Default with { PairedEnergy = false }).Next(state);

        paired.Configuration.Should().Be(Batch(64));
        unpaired.Configuration.Should().NotBe(Batch(64));
        unpaired.Configuration.Should().NotBeNull();
    }

    [Fact]
    public void ACandidateMeasuredAtACalmRepetitionIsNotRepeatedWhenItIsCostlierAtTheIncumbentsRepetitions()
    {
        // The mirror case: 2.0 J under the incumbent's mean of 2.05 J, but the incumbent read 1.6 J at repetition 0
        // (and 2.2 J at 1-3): at the incumbent's repetitions the candidate reads 2.54 J.
        var state = State(Incumbent(1.6, 2.2), Trial(64, 19, 2.0));

        new AutoStrategy(1).Next(state).Configuration.Should().NotBe(Batch(64));
        new AutoStrategy(1, AutoOptions.Default with { PairedEnergy = false })
            .Next(state)
            .Configuration.Should()
            .Be(Batch(64));
    }

    private static Observation[] Incumbent(double first, double rest = 2.0) =>
        [Trial(8, 10, first), Trial(8, 10.5, rest), Trial(8, 9.6, rest), Trial(8, 10.2, rest)];

    private static SearchState State(Observation[] incumbent, Observation candidate) =>
        new(Batches, [.. Batches.Enumerate()], [.. incumbent, candidate], Slos.ItlMedian(20), 100);

    private static Configuration Batch(int size) =>
        Configuration.Of((SyntheticSpaces.Batch, size.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static Observation Trial(int batch, double itl, double energy) =>
        new(Batch(batch), ImmutableDictionary<string, double>.Empty.Add("itl_p50_ms", itl).Add(Energy, energy));
}
