using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Search.Bayesian;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Search;

/// <summary>
/// Trial r of every configuration shares its repetition's load, so the choice of which undecided candidate to repeat
/// reads a candidate at the incumbent's repetitions: against the incumbent's own trials at the repetitions the
/// candidate ran at, not against its mean over all of them.
/// </summary>
public class PairedRepeatsTests
{
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
        var evidence = Evidence(Incumbent(2.4), Trial(64, 19, 2.2));
        var candidate = evidence.Items.Single(e => e.Merged.Configuration.Equals(Batch(64)));
        var incumbent = evidence.Incumbent!;

        evidence.PairedShift(candidate, "energy_per_token_j").Should().BeApproximately(0.1367, 1e-4);
        evidence.Read(candidate, "energy_per_token_j", true).Should().BeApproximately(2.2 * Math.Exp(-0.1367), 1e-3);
        evidence.Read(candidate, "energy_per_token_j", false).Should().Be(2.2);
        evidence.PairedShift(incumbent, "energy_per_token_j").Should().Be(0);
    }

    [Fact]
    public void ACandidateMeasuredAtABurstyRepetitionIsRepeatedWhenItIsCheaperAtTheIncumbentsRepetitions()
    {
        // Its one trial (2.2 J) reads above the incumbent's mean (2.1 J) but under the incumbent's 2.4 J at the same
        // repetition: at the incumbent's repetitions it reads 1.92 J, cheaper, so it is worth a second trial.
        var state = State(Incumbent(2.4), Trial(64, 19, 2.2));

        var paired = new AutoStrategy(1).Next(state);
        var unpaired = new AutoStrategy(1, AutoOptions.Default with { PairedRepeats = false }).Next(state);

        paired.Configuration.Should().Be(Batch(64));
        unpaired.Configuration.Should().NotBe(Batch(64));
        unpaired.Configuration.Should().NotBeNull();
    }

    [Fact]
    public void ACandidateMeasuredAtACalmRepetitionIsNotRepeatedWhenItIsCostlierAtTheIncumbentsRepetitions()
    {
        // The mirror case: 2.0 J under the incumbent's mean of 2.05 J, but the incumbent read 1.6 J at repetition 0 (and
        // 2.2 J at 1-3): at the incumbent's repetitions the candidate reads 2.54 J.
        var state = State(Incumbent(1.6, 2.2), Trial(64, 19, 2.0));

        new AutoStrategy(1).Next(state).Configuration.Should().NotBe(Batch(64));
        new AutoStrategy(1, AutoOptions.Default with { PairedRepeats = false })
            .Next(state)
            .Configuration.Should()
            .Be(Batch(64));
    }

    [Fact]
    public void ACandidateOverTheBoundAtTwoBurstyRepetitionsIsRepeatedWhenItIsUnderItAtTheIncumbentsRepetitions()
    {
        // The incumbent's latency read 11 ms at repetitions 0 and 1 and 9 ms at 2-5; the candidate's two trials read
        // 2 % over the 20 ms bound, about 11 % under it at the incumbent's repetitions.
        var state = State(
            Trial(8, 11, 2.0),
            Trial(8, 11, 2.1),
            Trial(8, 9, 1.9),
            Trial(8, 9, 2.0),
            Trial(8, 9, 2.05),
            Trial(8, 9, 1.95),
            Trial(64, 20.3, 1.0),
            Trial(64, 20.5, 1.02)
        );

        var paired = new AutoStrategy(1).Next(state);
        var unpaired = new AutoStrategy(1, AutoOptions.Default with { PairedRepeats = false }).Next(state);

        var evidence = new SearchEvidence(state, new KnobGeometry(Batches, [.. Batches.Enumerate()]));
        var candidate = evidence.Items.Single(e => e.Merged.Configuration.Equals(Batch(64)));

        evidence.WorstRatio(candidate, true).Should().BeApproximately(0.892, 1e-3);
        evidence.PassChance(candidate, 10, true).Should().BeGreaterThan(0.8);
        evidence.PassChance(candidate, 10, false).Should().BeLessThan(0.1);
        paired.Configuration.Should().Be(Batch(64));
        unpaired.Configuration.Should().NotBe(Batch(64));
    }

    private static Observation[] Incumbent(double first, double rest = 2.0) =>
        [Trial(8, 10, first), Trial(8, 10.5, rest), Trial(8, 9.6, rest), Trial(8, 10.2, rest)];

    private static SearchEvidence Evidence(Observation[] incumbent, Observation candidate) =>
        new(State(incumbent, candidate), new KnobGeometry(Batches, [.. Batches.Enumerate()]));

    private static SearchState State(Observation[] incumbent, Observation candidate) =>
        State([.. incumbent, candidate]);

    private static SearchState State(params Observation[] trials) =>
        new(Batches, [.. Batches.Enumerate()], trials, Slos.ItlMedian(20), 100);

    private static Configuration Batch(int size) =>
        Configuration.Of((SyntheticSpaces.Batch, size.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    private static Observation Trial(int batch, double itl, double energy) =>
        new(
            Batch(batch),
            ImmutableDictionary<string, double>.Empty.Add("itl_p50_ms", itl).Add("energy_per_token_j", energy)
        );
}
