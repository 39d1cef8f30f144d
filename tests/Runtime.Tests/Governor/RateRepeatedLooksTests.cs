using MathNet.Numerics.Distributions;
using MLEnergy.Runtime.Governor;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Governor;

/// <summary>
/// Seeded Monte Carlo of the rate rule over hours of a steady Poisson load in band 1 (2-6 req/s) with the default
/// settings (30 s window, a reading every 5 s): its one-sided 95 % evidence is taken again at every reading, 720 looks
/// an hour at overlapping windows. Measured (seed 5, 300 hours each): at 80 % of the band's upper edge no hour stepped
/// up; at 90 %, 31 % of hours did (0.38 steps an hour), at 95 %, 93 % (2.5 an hour), on the edge 4.6 an hour. A step
/// up is the safe direction (it costs the energy of a hotter band for at least the down-dwell), so the rule is kept.
/// </summary>
public sealed class RateRepeatedLooksTests
{
    [Fact]
    public void ASteadyLoadAtEightyPercentOfItsBandsUpperEdgeNeverStepsUpOnTheRateAlone() =>
        StepUps(0.8, seed: 5).Should().Be(0);

    [Fact]
    public void ASteadyLoadAtNinetyPercentOfItsBandsUpperEdgeStepsUpInAboutAThirdOfHours() =>
        StepUps(0.9, seed: 5).Should().BeInRange(0.2, 0.45);

    /// <summary>The share of hours with a step up after two minutes of settling from the top band.</summary>
    private static double StepUps(double shareOfEdge, int seed)
    {
        var random = new Random(seed);
        const int hours = 300;
        var withUp = 0;
        for (var hour = 0; hour < hours; hour++)
        {
            var decider = new GovernorDecider(LoadPlans.ThreeBands(), GovernorSettings.Default);
            double finished = 0;
            decider.Observe(new ServerLoad(0, 0, 0, 0));
            var up = false;
            for (var reading = 1; reading <= 24 + 720; reading++)
            {
                finished += Poisson.Sample(random, 6 * shareOfEdge * 5);
                var decision = decider.Observe(new ServerLoad(5.0 * reading, finished, 0, 0));
                up |= reading > 24 && decision.Switched && decision.To > decision.From;
            }

            withUp += up ? 1 : 0;
        }

        return (double)withUp / hours;
    }
}
