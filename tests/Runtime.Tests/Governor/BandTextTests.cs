using MLEnergy.Recommender.Observations;
using MLEnergy.Runtime.Governor;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Governor;

public sealed class BandTextTests
{
    [Theory]
    [InlineData(SloVerdict.Met, "band 1 (2-6 requests/s: SM clock cap 1400 MHz, power limit 500 W)")]
    [InlineData(
        SloVerdict.Missed,
        "band 1 (2-6 requests/s: SM clock cap 1400 MHz, power limit 500 W; SLO missed at 4 requests/s)"
    )]
    [InlineData(
        SloVerdict.Undecided,
        "band 1 (2-6 requests/s: SM clock cap 1400 MHz, power limit 500 W; SLO undecided at 4 requests/s)"
    )]
    public void ABandThatDidNotMeetTheSloSaysItsVerdictInThePlansWords(SloVerdict verdict, string text)
    {
        // The governor's log read every band alike: one whose verdict was missed or undecided read as one that met.
        var plan = LoadPlans.ThreeBands();
        var changed = plan with { Bands = [plan.Bands[0], plan.Bands[1] with { Verdict = verdict }, plan.Bands[2]] };

        BandText.Describe(changed, 1).Should().Be(text);
    }

    [Fact]
    public void ABandNoValidTrialMeasuredSaysSoInsteadOfAVerdictAtItsLevel()
    {
        var plan = LoadPlans.ThreeBands();
        var unmeasured = plan.Bands[1] with
        {
            EnergyPerTokenJoules = null,
            SmClockCapMhz = null,
            PowerLimitWatts = null,
            Verdict = SloVerdict.Undecided,
        };

        BandText
            .Describe(plan with { Bands = [plan.Bands[0], unmeasured, plan.Bands[2]] }, 1)
            .Should()
            .Be(
                "band 1 (2-6 requests/s: no clock cap, default power limit; SLO undecided: no valid trial at its level)"
            );
    }
}
