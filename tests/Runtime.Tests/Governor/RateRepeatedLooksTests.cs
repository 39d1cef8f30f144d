using MathNet.Numerics.Distributions;
using MLEnergy.Runtime.Governor;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Governor;

/// <summary>
/// Seeded Monte Carlo of the rate rule on Poisson loads in band 1 (2-6 req/s) with the default settings (30 s window,
/// 60 s down-dwell, a reading every 5 s, 720 an hour): each hour starts settled in band 1 (10 minutes at 4 req/s),
/// then a steady load, counting the steps the rate alone makes per hour in band 1 (an hour ends at its first step), or
/// 5 minutes at 90 % of the upper edge and a rise, timing the step up. Measured (seeds 5-10, 300 hours or 200 rises
/// each), the former rule (one-sided 95 % evidence of one window at every reading) → the sequential test: false steps
/// up an hour on the upper edge 12.1 → 0.024, at 95 % of it 2.98 → 0, at 90 % 0.287 → 0; false steps down on the
/// lower edge 9.16 → 0.034, at 110 % of it 1.07 → 0.007; a rise to 110 % of the edge followed after 40 → 235 s
/// (median; 90th percentile 105 → 440 s), to 130 % after 20 → 45 s (30 → 65 s).
/// </summary>
public sealed class RateRepeatedLooksTests
{
    private const int Hours = 300;

    [Fact]
    public void ASteadyLoadOnItsBandsUpperEdgeStepsUpAtMostTheStatedTimesAnHour()
    {
        var (perHour, _) = Steps(6.0, seed: 5);

        // RateRisk 0.05: one false step in 20 hours on the edge itself; 300 hours hold about 15 such steps at most.
        perHour.Should().BeLessThan(GovernorSettings.Default.RateRisk * 1.6);
    }

    [Fact]
    public void ASteadyLoadAtNinetyPercentOfItsBandsUpperEdgeNeverStepsUpOnTheRateAlone() =>
        Steps(0.9 * 6, seed: 6).Up.Should().Be(0);

    [Fact]
    public void ASteadyLoadJustAboveItsBandsLowerEdgeStepsDownLessThanTheStatedTimesAnHour() =>
        Steps(1.1 * 2, seed: 7).Down.Should().BeLessThan(GovernorSettings.Default.RateRisk);

    [Theory]
    [InlineData(1.1, 600)]
    [InlineData(1.3, 120)]
    public void ARiseAboveTheUpperEdgeIsFollowedWithinMinutes(double shareOfEdge, double medianSeconds)
    {
        var times = RiseTimes(6 * shareOfEdge, seed: 8);

        times.Should().HaveCount(200, "every rise is followed within the hour");
        times[times.Count / 2].Should().BeLessThan(medianSeconds);
    }

    /// <summary>Steps up and down per hour in band 1 at a steady <paramref name="rate"/> (requests/s).</summary>
    private static (double Up, double Down) Steps(double rate, int seed)
    {
        var random = new Random(seed);
        var (up, down, seconds) = (0, 0, 0.0);
        for (var hour = 0; hour < Hours; hour++)
        {
            var run = new Run(random);
            for (var reading = 0; reading < 720 && run.Band == 1; reading++)
            {
                var decision = run.Next(rate);
                seconds += 5;
                up += decision.To > decision.From ? 1 : 0;
                down += decision.To < decision.From ? 1 : 0;
            }
        }

        return (up * 3600 / seconds, down * 3600 / seconds);
    }

    /// <summary>Seconds from a rise to <paramref name="rate"/>, after 5 minutes at 90 % of the edge, to the step
    /// up.</summary>
    private static List<double> RiseTimes(double rate, int seed)
    {
        var random = new Random(seed);
        var times = new List<double>();
        for (var rise = 0; rise < 200; rise++)
        {
            var run = new Run(random);
            for (var reading = 0; reading < 60; reading++)
            {
                run.Next(0.9 * 6).Switched.Should().BeFalse("a steady load at 90 % of the edge stays");
            }

            for (var reading = 1; reading <= 720; reading++)
            {
                if (run.Next(rate).To > 1)
                {
                    times.Add(5.0 * reading);
                    break;
                }
            }
        }

        times.Sort();
        return times;
    }

    /// <summary>A decider fed Poisson arrivals every 5 s, settled in band 1 by 10 minutes at 4 req/s.</summary>
    private sealed class Run
    {
        private readonly Random random;
        private readonly GovernorDecider decider = new(LoadPlans.ThreeBands(), GovernorSettings.Default);
        private double seconds;
        private double finished;

        public Run(Random random)
        {
            this.random = random;
            decider.Observe(new ServerLoad(0, 0, 0, 0));
            for (var reading = 0; reading < 120; reading++)
            {
                Next(4);
            }

            decider.Band.Should().Be(1, "4 req/s is band 1's");
        }

        public int Band => decider.Band;

        public GovernorDecision Next(double rate)
        {
            seconds += 5;
            finished += Poisson.Sample(random, rate * 5);
            return decider.Observe(new ServerLoad(seconds, finished, 0, 0));
        }
    }
}
