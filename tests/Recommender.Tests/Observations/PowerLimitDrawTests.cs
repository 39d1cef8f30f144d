using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Tests.Observations;

public class PowerLimitDrawTests
{
    [Fact]
    public void ALimitAtLeastTenPercentAboveThePeakDoesNotBind()
    {
        var draw = PowerLimitDraw.Of(Trial(limit: 500, peak: 450), "power_limit_w")!.Value;

        draw.Binds.Should().BeFalse();
        draw.LowestUnbound.Watts.Should().BeApproximately(495, 1e-9);
    }

    [Fact]
    public void ALimitWithinTenPercentOfThePeakBinds()
    {
        PowerLimitDraw.Of(Trial(limit: 500, peak: 460), "power_limit_w")!.Value.Binds.Should().BeTrue();
        PowerLimitDraw.Of(Trial(limit: 300, peak: 300), "power_limit_w")!.Value.Binds.Should().BeTrue();
    }

    [Fact]
    public void ATrialWithoutItsPeakOrWithAFailedValidityGateSaysNothing()
    {
        var trial = Trial(limit: 700, peak: 200);

        PowerLimitDraw
            .Of(trial with { Metrics = trial.Metrics.Remove(MetricNames.PeakPowerPerGpu) }, "power_limit_w")
            .Should()
            .BeNull();
        PowerLimitDraw.Of(trial.AsInvalid("the power limit was not in force"), "power_limit_w").Should().BeNull();
        PowerLimitDraw.Of(trial, "sm_clock_cap_mhz").Should().BeNull();
    }

    private static Observation Trial(double limit, double peak) =>
        new(
            Configuration.Of(("power_limit_w", limit.ToString(System.Globalization.CultureInfo.InvariantCulture))),
            ImmutableDictionary<string, double>.Empty.Add(MetricNames.PeakPowerPerGpu, peak)
        );
}
