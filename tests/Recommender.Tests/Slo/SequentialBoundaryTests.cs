using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Slo;

public class SequentialBoundaryTests
{
    private const string Itl = ItlTrials.Metric;

    [Fact]
    public void TheOBrienFlemingBoundariesAreThePublishedOnes()
    {
        // Lan-DeMets O'Brien-Fleming-type spending, five equally spaced looks, one-sided 2.5 %: the boundaries
        // published for it (Jennison and Turnbull 2000, table 7.6; R gsDesign sfLDOF) are 4.877, 3.357, 2.680, 2.290
        // and 2.031.
        var boundary = SequentialBoundary.OBrienFleming(5, 0.025);

        double[] critical = [.. Enumerable.Range(1, 5).Select(boundary.Critical)];

        critical.Should().Equal([4.877, 3.357, 2.680, 2.290, 2.031], (a, b) => Math.Abs(a - b) < 0.005);
    }

    [Fact]
    public void TheDefaultTestsTheFirstLooksAtTheFixedLevelAndSpendsMostOfTheRestAtTheLastOfTenLooks()
    {
        var boundary = SloConfidence.Default.Boundary;

        boundary.Looks.Should().Be(10);
        boundary.Level(1).Should().BeApproximately(0.0025, 1e-9);
        boundary.Level(4).Should().BeApproximately(0.0025, 1e-9);
        boundary.Level(5).Should().BeLessThan(0.0001);
        boundary.Level(8).Should().BeInRange(0.013, 0.018);
        boundary.Level(10).Should().BeInRange(0.037, 0.042, "1.75 standard errors against 1.64 for one test");
        boundary.Level(12).Should().Be(boundary.Level(10));
    }

    [Theory]
    [InlineData(0.95)]
    [InlineData(0.90)]
    [InlineData(0.80)]
    [InlineData(0.50)]
    public void TheRiskOverEveryLookIsOneMinusTheConfidence(double level)
    {
        // The boundaries recomputed from their nominal levels: a path of ten standard normal trials crosses one of them
        // with chance 1 - level, counted by simulation (200,000 paths; the standard error of the share is 0.05 % at
        // 5 %, 0.09 % at 20 %, 0.11 % at 50 %).
        var boundary = new SloConfidence(level).Boundary;
        double[] critical = [.. Enumerable.Range(1, boundary.Looks).Select(boundary.Critical)];
        var random = new System.Random(11);
        var crossed = 0;
        const int paths = 200_000;
        for (var p = 0; p < paths; p++)
        {
            var sum = 0.0;
            for (var n = 1; n <= boundary.Looks; n++)
            {
                sum += Normal(random);
                if (sum / Math.Sqrt(n) >= critical[n - 1])
                {
                    crossed++;
                    break;
                }
            }
        }

        boundary.Risk.Should().BeApproximately(1 - level, 1e-12);
        ((double)crossed / paths).Should().BeApproximately(1 - level, 0.004);
    }

    [Fact]
    public void ALooserLevelTestsEveryLookLooserAndItsFirstLooksAtTheSameShareOfItsRisk()
    {
        var strict = SloConfidence.Default.Boundary;
        var loose = new SloConfidence(0.9).Boundary;

        loose.Level(1).Should().BeApproximately(0.005, 1e-9, "a twentieth of 10 %, as 0.25 % is of 5 %");
        Enumerable.Range(1, 10).Should().OnlyContain(n => loose.Critical(n) < strict.Critical(n));
        loose.Level(10).Should().BeInRange(0.07, 0.095, "most of the 10 % is still spent at the last look");
    }

    [Fact]
    public void AConfigurationOnTheBoundTestedAfterEveryTrialUntilItPassesPassesAtMostFivePercentOfTheTime()
    {
        // 2,000 configurations whose log latency sits exactly on the bound with 10 % normal noise, each judged after
        // every one of ten trials and stopped at its first pass; a configuration far from the bound, measured ten
        // times with the same noise, gives the search's pooled spread from the first trial on. A fixed test at 95 %
        // from the fifth trial (99 % before) passes about one in eight of them over the looks; the sequential
        // boundary about one in twenty.
        var random = new System.Random(7);
        var reference = Configuration.Of(("max_num_seqs", "reference"));
        var passed = 0;
        const int configurations = 2000;
        for (var c = 0; c < configurations; c++)
        {
            var configuration = Configuration.Of(
                ("max_num_seqs", c.ToString(System.Globalization.CultureInfo.InvariantCulture))
            );
            var trials = Enumerable
                .Range(0, 10)
                .Select(_ => ItlTrials.Trial(reference, 5 * Math.Exp(0.1 * Normal(random))))
                .ToList();
            if (ItlTrials.PassesWithin(trials, configuration, () => 20 * Math.Exp(0.1 * Normal(random)), 20))
            {
                passed++;
            }
        }

        ((double)passed / configurations).Should().BeInRange(0.02, 0.065);
    }

    [Fact]
    public void ANearBoundConfigurationStillPassesAtItsTenthTrial()
    {
        // Ten trials 2.2 % under the bound on average with a 2.3 % spread: about 3 standard errors, past the tenth
        // look's t boundary (about 2.0 on nine degrees of freedom); the first five, 2.6 % under, are about 2.5
        // standard errors, short of the fifth look's (about 15 on four).
        var configuration = Configuration.Of(("max_num_seqs", "64"));
        double[] itl = [19.0, 20.0, 19.2, 19.9, 19.3, 19.8, 19.5, 19.4, 19.1, 20.4];

        var tenth = RepeatedTrials
            .Merge([.. itl.Select(v => ItlTrials.Trial(configuration, v))], Slos.ItlMedian(20))
            .Single();
        var fifth = RepeatedTrials.Merge(
            [.. itl.Take(5).Select(v => ItlTrials.Trial(configuration, v))],
            Slos.ItlMedian(20)
        );

        tenth.Verdicts[Itl].Should().Be(SloVerdict.Met);
        fifth.Single().Verdicts[Itl].Should().Be(SloVerdict.Undecided);
    }

    private static double Normal(System.Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
