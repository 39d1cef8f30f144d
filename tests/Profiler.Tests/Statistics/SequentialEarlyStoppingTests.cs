using MathNet.Numerics.Distributions;
using MLEnergy.Profiler.Statistics;

namespace MLEnergy.Profiler.Tests.Statistics;

/// <summary>
/// Monte Carlo checks of the p99 verdict as a trial takes it: looks after the window and after each doubling (2,000 to
/// 20,000 requests, five looks, plus the final one), stopping at the first decided look.
/// </summary>
public sealed class SequentialEarlyStoppingTests
{
    private const int Trials = 4000;
    private static readonly long[] Looks = [2000, 4000, 8000, 16000, 20000, 20000];

    [Fact]
    public void AServerExactlyAtTheBoundPassesAtMostOnePercentOfTheTime()
    {
        var rule = new SequentialEarlyStopping(0.99, 0.99, Looks.Length);

        PassRate(rule, tailRate: 0.01, seed: 1).Should().BeLessThanOrEqualTo(0.01);
    }

    [Fact]
    public void LookingRepeatedlyAtTheNominalConfidenceWouldPassAServerAtTheBoundTooOften()
    {
        var naive = new SequentialEarlyStopping(0.99, 0.99, plannedLooks: 1);

        PassRate(naive, tailRate: 0.01, seed: 2).Should().BeGreaterThan(0.01);
    }

    [Fact]
    public void AServerTenPercentUnderTheBoundAlmostAlwaysPasses()
    {
        // Log-normal latencies (sigma 0.5) whose p99 is 10 % under the bound exceed it 0.59 % of the time.
        var tail = 1 - Normal.CDF(0, 1, Normal.InvCDF(0, 1, 0.99) + (Math.Log(1.1) / 0.5));
        var rule = new SequentialEarlyStopping(0.99, 0.99, Looks.Length);

        PassRate(rule, tail, seed: 3).Should().BeGreaterThanOrEqualTo(0.95);
    }

    [Fact]
    public void OneLookIsLoadGensRuleAsItStands()
    {
        new SequentialEarlyStopping(0.99, 0.99, 1).PerLook.Should().Be(new EarlyStopping(0.99, 0.99));
        new SequentialEarlyStopping(0.99, 0.99, 5).PerLook.Confidence.Should().BeApproximately(0.998, 1e-12);
    }

    [Fact]
    public void TheEarlyStoppingEstimateIsTheLowestBoundTheSampleShowsToHold()
    {
        var sorted = Enumerable.Range(1, 1000).Select(i => (double)i).ToList();
        var rule = new EarlyStopping(0.99);

        var estimate = rule.PercentileEstimate(sorted);

        var over = (long)(1000 - estimate);
        rule.Judge(1000, over).Should().Be(PercentileVerdict.Met);
        rule.Judge(1000, over + 1).Should().NotBe(PercentileVerdict.Met);
        estimate.Should().BeGreaterThan(Percentile.OfSorted(sorted, 0.99));
        rule.PercentileEstimate(sorted.Take(100).ToList()).Should().Be(double.NaN);
    }

    private static double PassRate(SequentialEarlyStopping rule, double tailRate, int seed)
    {
        var random = new Random(seed);
        var passed = 0;
        for (var trial = 0; trial < Trials; trial++)
        {
            long seen = 0,
                over = 0;
            foreach (var look in Looks)
            {
                over += look > seen ? Binomial.Sample(random, tailRate, (int)(look - seen)) : 0;
                seen = look;
                var verdict = rule.Judge(seen, over);
                if (verdict != PercentileVerdict.Undecided)
                {
                    passed += verdict == PercentileVerdict.Met ? 1 : 0;
                    break;
                }
            }
        }

        return (double)passed / Trials;
    }
}
