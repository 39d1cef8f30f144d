using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Search;

public class PooledVerdictTests
{
    private static readonly Configuration A = Configuration.Of(("max_num_seqs", "64"));
    private static readonly Configuration B = Configuration.Of(("max_num_seqs", "128"));
    private const string Itl = ItlTrials.Metric;

    /// <summary>
    /// A's eleven trials give a pooled spread near 1.7 %; B has <paramref name="count"/> trials 1.7 % under.
    /// </summary>
    private static Observation[] Trials(int count) =>
        [
            .. new[] { 10.0, 10.2, 9.8, 10.2, 9.8, 10.2, 9.8, 10.2, 9.8, 10.2, 9.8 }.Select(v => ItlTrials.Trial(A, v)),
            .. Enumerable.Repeat(29.5, count).Select(v => ItlTrials.Trial(B, v)),
        ];

    [Fact]
    public void APassIsJudgedAgainstTheSequentialBoundaryOfItsLookSoFiveTrialsOnTheEdgeDoNotPassButTenDo()
    {
        // B's mean is 1.7 % under the bound with a pooled spread near 1.7 % on ten degrees of freedom. Four trials:
        // the 99.75 % margin is about 3 %. Five: a fixed 95 % test (margin about 1.4 %) would pass it, but the
        // sequential boundary spends almost nothing at the fifth look. Ten: its last look's margin is about 1 %.
        var four = RepeatedTrials.Merge(Trials(4), Slos.ItlMedian(30)).Single(o => o.Configuration.Equals(B));
        var five = RepeatedTrials.Merge(Trials(5), Slos.ItlMedian(30)).Single(o => o.Configuration.Equals(B));
        var ten = RepeatedTrials.Merge(Trials(10), Slos.ItlMedian(30)).Single(o => o.Configuration.Equals(B));

        four.Verdicts[Itl].Should().Be(SloVerdict.Undecided, "the first four looks test at 99.75 %");
        five.Verdicts[Itl].Should().Be(SloVerdict.Undecided, "the fifth of ten looks spends little of the risk");
        ten.Verdicts[Itl].Should().Be(SloVerdict.Met);
        ConfidentVerdicts.PosteriorTrials.Should().Be(5);
    }

    [Fact]
    public void AConfigurationWhoseOwnRepeatsSpreadWiderThanThePooledNoiseIsJudgedWithItsOwnSpread()
    {
        // A's repeats are tight (pooled spread about 5 % with B's included); B's own spread is about 13 % on two
        // degrees of freedom, so its mean 23 % under the bound is not yet a pass at 99 %.
        var trials = new[] { 10.0, 10.2, 9.8, 10.2, 9.8, 10.2, 9.8, 10.2, 9.8, 10.2, 9.8, 10.0, 10.1, 9.9 }
            .Select(v => ItlTrials.Trial(A, v))
            .Concat(new[] { 20.0, 26.0, 23.0 }.Select(v => ItlTrials.Trial(B, v)))
            .ToArray();

        var merged = RepeatedTrials.Merge(trials, Slos.ItlMedian(30));

        ConfidentVerdicts.PooledLogSpread(trials, Itl).Should().BeInRange(0.045, 0.055);
        merged.Single(o => o.Configuration.Equals(B)).Verdicts[Itl].Should().Be(SloVerdict.Undecided);
        merged.Single(o => o.Configuration.Equals(A)).Verdicts[Itl].Should().Be(SloVerdict.Met);
    }

    [Fact]
    public void FromFiveTrialsAConfigurationIsJudgedWithItsOwnSpreadEvenWhenTheSearchsPooledNoiseIsWider()
    {
        // A's five trials spread about 1.8 % and its mean is 17 % under the bound; B, far from it, spreads about 110 %
        // on two degrees of freedom, which makes the pooled spread about 63 %: with it A's pass is still undecided.
        var trials = new[] { 10.0, 10.2, 9.8, 10.2, 9.8 }
            .Select(v => ItlTrials.Trial(A, v))
            .Concat(new[] { 5.0, 15.0, 45.0 }.Select(v => ItlTrials.Trial(B, v)))
            .ToArray();

        var merged = RepeatedTrials.Merge(trials, Slos.ItlMedian(12));

        ConfidentVerdicts.PooledLogSpread(trials, Itl).Should().BeInRange(0.60, 0.66);
        merged.Single(o => o.Configuration.Equals(A)).Verdicts[Itl].Should().Be(SloVerdict.Met);
        merged.Single(o => o.Configuration.Equals(B)).Verdicts[Itl].Should().Be(SloVerdict.Undecided);
    }

    [Fact]
    public void TrialsShortOnlyOfSamplesPoolIntoAMeasurementWhoseMeanIsJudged()
    {
        Observation Short(double itl) =>
            (
                ItlTrials.Trial(A, itl) with
                {
                    Verdicts = ImmutableDictionary<string, SloVerdict>.Empty.Add(Itl, SloVerdict.Undecided),
                }
            ).AsInvalid("the window holds 575 samples of itl_p50_ms; its verdict needs 637") with
            {
                ShortOfSamples = true,
            };

        var one = RepeatedTrials.Merge([Short(10)], Slos.ItlMedian(20)).Single();
        var three = RepeatedTrials.Merge([Short(10), Short(10.4), Short(9.8)], Slos.ItlMedian(20)).Single();

        one.Feasible.Should().BeTrue("what the trial measured stands");
        one.Verdicts[Itl].Should().Be(SloVerdict.Undecided);
        three.Feasible.Should().BeTrue();
        three.Metric(Itl).Should().BeApproximately(10.0666, 1e-3);
        three.Verdicts[Itl].Should().Be(SloVerdict.Met, "the pooled mean is far under the bound for its spread");
    }

    [Fact]
    public void ATrialInvalidForAnotherReasonStillSaysNothingBesideAValidOne()
    {
        var throttled = ItlTrials.Trial(A, 50).AsInvalid("gpu0 slowed itself down (HwSlowdown)");

        var merged = RepeatedTrials.Merge([throttled, ItlTrials.Trial(A, 10)], Slos.ItlMedian(20)).Single();

        merged.Feasible.Should().BeTrue();
        merged.Metric(Itl).Should().Be(10);
    }
}
