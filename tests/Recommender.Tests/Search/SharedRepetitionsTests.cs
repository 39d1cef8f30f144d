using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Search;

public class SharedRepetitionsTests
{
    private static readonly Configuration A = Configuration.Of(("max_num_seqs", "16"));
    private static readonly Configuration B = Configuration.Of(("max_num_seqs", "64"));
    private static readonly Configuration C = Configuration.Of(("max_num_seqs", "256"));
    private const string Itl = ItlTrials.Metric;
    private const double Bound = 30;

    /// <summary>
    /// A and B measured at repetitions 0-4, C at 0 and 1, every log reading its configuration's level plus the
    /// repetition's effect <paramref name="effects"/>; A's readings carry ±0.01 more at repetitions 0-3 and B's the
    /// opposite, so that the residuals are exactly those (orthogonal to every configuration and repetition). C sits
    /// 0.12 (about 11 %) under the bound; trials carry their seed repetition when <paramref name="shared"/>.
    /// </summary>
    private static List<Observation> Table(double[] effects, bool shared = true, int repetitions = 5)
    {
        double[] extra = [0.01, -0.01, 0.01, -0.01, 0];
        Observation At(Configuration configuration, int repetition, double log) =>
            ItlTrials.Trial(configuration, Math.Exp(log)) with
            {
                SeedRepetition = shared ? repetition : null,
            };
        return
        [
            .. Enumerable.Range(0, repetitions).Select(r => At(A, r, Math.Log(10) + effects[r] + extra[r])),
            .. Enumerable.Range(0, repetitions).Select(r => At(B, r, Math.Log(12) + effects[r] - extra[r])),
            .. Enumerable.Range(0, 2).Select(r => At(C, r, Math.Log(Bound) - 0.12 + effects[r])),
        ];
    }

    /// <summary>
    /// Repetitions 0 and 1 drew a burst (every configuration reads 5 % and 3 % high), 2 and 3 a calm.
    /// </summary>
    private static readonly double[] Bursty = [0.05, 0.03, -0.05, -0.03, 0];

    private static readonly double[] Calm = [-0.05, -0.03, 0.05, 0.03, 0];

    [Fact]
    public void AConfigurationMeasuredAtTwoRepetitionsBorrowsTheirEffectsFromTheOthersWithAHandComputedError()
    {
        // Residuals ±0.01 at eight cells: residual variance 8e-4 / (12 cells - 3 - 5 + 1) = 1.6e-4. C's estimate is
        // its mean less the mean effect of repetitions 0 and 1 plus the mean over all five: a shift of 0 - 0.04.
        // Its fixed-effects variance: 1/2 (its mean) + w'M⁻¹w for w = (1/5)1 - (e0 + e1)/2 and M = 2(I - J/5) + uu'
        // (u = (e0 - e1)/√2), on 1⊥ M⁻¹ = I/2 - uu'/6 and u'w = 0, so w'w / 2 = 0.3 / 2: 0.65 × 1.6e-4 = 1.04e-4. The
        // mean repetition effect: Σ(ρ - mean)² / (5 × 4) = 0.0068 / 20 = 3.4e-4, on four degrees of freedom.
        // Satterthwaite: (4.44e-4)² / ((1.04e-4)² / 5 + (3.4e-4)² / 4) = 6.35, so 6.
        var estimate = SharedRepetitions.Fit(Table(Bursty), Itl)!.At(C)!;

        estimate.Shift.Should().BeApproximately(-0.04, 1e-12);
        estimate.FixedVariance.Should().BeApproximately(1.04e-4, 1e-12);
        estimate.RepetitionVariance.Should().BeApproximately(3.4e-4, 1e-12);
        estimate.Freedom.Should().Be(6);
        estimate.Error.Should().BeApproximately(Math.Sqrt(4.44e-4), 1e-12);
    }

    [Fact]
    public void ATrialPairAtBurstyRepetitionsPassesReadAtTheMeanRepetitionWhereItsOwnTrialsLeaveItUndecided()
    {
        // C's two trials read log(30) - 0.12 + 0.05 and + 0.03: their mean is 0.080 under the bound. Alone, with the
        // spread pooled over A, B and C, √(0.0146 / 9) = 0.0403 on nine degrees of freedom, its standard error at two
        // trials is 0.0285 and the first looks' 99.75 % t margin (3.69) 0.105: undecided. Read at the mean
        // repetition it is 0.120 under, with a standard error of 0.0211 on six degrees of freedom: margin 4.32 ×
        // 0.0211 = 0.091, a pass.
        var shared = RepeatedTrials.Merge(Table(Bursty), Slos.ItlMedian(Bound)).Single(o => o.Configuration == C);
        var alone = RepeatedTrials
            .Merge(Table(Bursty, shared: false), Slos.ItlMedian(Bound))
            .Single(o => o.Configuration == C);

        ConfidentVerdicts.PassQuantile(2, 6).Should().BeApproximately(4.317, 0.001);
        ConfidentVerdicts.PassQuantile(2, 9).Should().BeApproximately(3.690, 0.001);
        shared.Verdicts[Itl].Should().Be(SloVerdict.Met);
        Math.Log(shared.Metric(Itl)!.Value / Bound).Should().BeApproximately(-0.12, 1e-4);
        alone.Verdicts[Itl].Should().Be(SloVerdict.Undecided);
        Math.Log(alone.Metric(Itl)!.Value / Bound).Should().BeApproximately(-0.080, 1e-4);
    }

    [Fact]
    public void ATrialPairAtCalmRepetitionsThatItsOwnTrialsPassIsLeftUndecidedReadAtTheMeanRepetition()
    {
        // The same configuration 0.08 under the bound, its two trials at the calm repetitions: they read 0.12 under,
        // and alone (margin 0.105) pass. Read at the mean repetition it is 0.08 under, inside the 0.091 margin.
        var table = Table(Calm).Select(o => o.Configuration == C ? Shifted(o, 0.04) : o).ToList();
        var alone = table.Select(o => o with { SeedRepetition = null }).ToList();

        var shared = RepeatedTrials.Merge(table, Slos.ItlMedian(Bound)).Single(o => o.Configuration == C);
        var own = RepeatedTrials.Merge(alone, Slos.ItlMedian(Bound)).Single(o => o.Configuration == C);

        own.Verdicts[Itl].Should().Be(SloVerdict.Met);
        shared.Verdicts[Itl].Should().Be(SloVerdict.Undecided);
        Math.Log(shared.Metric(Itl)!.Value / Bound).Should().BeApproximately(-0.080, 1e-4);
    }

    [Fact]
    public void TrialsWithoutSeedRepetitionsOrWithFewerThanFiveRepetitionsSeenAreReadAlone()
    {
        // Replayed tables with noise and served hosts carry no seed repetition; with four repetitions seen the
        // repetitions' spread would rest on three degrees of freedom.
        SharedRepetitions.Fit(Table(Bursty, shared: false), Itl).Should().BeNull();
        SharedRepetitions.Fit(Table(Bursty, repetitions: 4), Itl).Should().BeNull();
        var four = RepeatedTrials.Merge(Table(Bursty, repetitions: 4), Slos.ItlMedian(Bound));
        four.Single(o => o.Configuration == C)
            .Metric(Itl)
            .Should()
            .BeApproximately(Math.Exp(Math.Log(Bound) - 0.12) * (Math.Exp(0.05) + Math.Exp(0.03)) / 2, 1e-9);
    }

    private static Observation Shifted(Observation trial, double log) =>
        ItlTrials.Trial(trial.Configuration, trial.Metric(Itl)!.Value * Math.Exp(log)) with
        {
            SeedRepetition = trial.SeedRepetition,
        };
}
