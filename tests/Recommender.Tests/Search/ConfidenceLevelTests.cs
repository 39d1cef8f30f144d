using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Search;

public sealed class ConfidenceLevelTests
{
    private const string Itl = ItlTrials.Metric;

    // Ten trials 1.0 % under the bound on average with a 2.3 % spread: 1.3 standard errors, short of the tenth look's
    // t boundary at 95 % (about 2.0 on nine degrees of freedom) and past the looser one at 80 %.
    private static readonly double[] NearTheBound =
    [
        19.25,
        20.25,
        19.45,
        20.15,
        19.55,
        20.05,
        19.75,
        19.65,
        19.35,
        20.65,
    ];

    [Fact]
    public void ALooserLevelCertifiesAConfigurationTheDefaultLeavesUndecided()
    {
        var configuration = Configuration.Of(("max_num_seqs", "64"));
        List<Observation> trials = [.. NearTheBound.Select(v => ItlTrials.Trial(configuration, v))];
        var strict = Slos.ItlMedian(20);
        var loose = strict with { Confidence = new SloConfidence(0.8) };

        RepeatedTrials.Merge(trials, strict).Single().Verdicts[Itl].Should().Be(SloVerdict.Undecided);
        RepeatedTrials.Merge(trials, loose).Single().Verdicts[Itl].Should().Be(SloVerdict.Met);
    }

    [Fact]
    public void TheLevelTheVerdictsUseIsTheSlosOwnSoOneSloCarriesItEverywhere()
    {
        var configuration = Configuration.Of(("max_num_seqs", "64"));
        List<Observation> trials = [.. NearTheBound.Select(v => ItlTrials.Trial(configuration, v))];
        var loose = Slos.ItlMedian(20) with { Confidence = new SloConfidence(0.8) };

        ConfidentVerdicts
            .PassQuantile(10, 9, loose.Confidence)
            .Should()
            .BeLessThan(ConfidentVerdicts.PassQuantile(10, 9, SloConfidence.Default));
        SloJudge.Meets(RepeatedTrials.Merge(trials, loose).Single(), loose).Should().BeTrue();
    }
}
