using System.Collections.Immutable;
using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Tests.Observations;

public class KnobReachTests
{
    private static readonly Knob Limit = new(
        "power_limit_w",
        KnobKind.GpuPowerLimit,
        [KnobValue.Of(300), KnobValue.Of(500), KnobValue.Of(700)],
        RestartsServer: false
    );

    private static readonly Knob Batch = new(
        "max_num_seqs",
        KnobKind.ServerBatchSize,
        [KnobValue.Of(64), KnobValue.Of(256)],
        RestartsServer: true
    );

    private static readonly Knob Clock = new(
        "sm_clock_cap_mhz",
        KnobKind.GpuSmClockCap,
        [KnobValue.Of(1500), KnobValue.Of(1980)],
        RestartsServer: false
    );

    [Fact]
    public void ALimitAtLeastTenPercentAboveThePeakDoesNotBind()
    {
        var reach = KnobReach.Of(Trial(Limit, 500, MetricNames.PeakPowerPerGpu, 450), Limit)!.Value;

        reach.Binds.Should().BeFalse();
        reach.LowestUnbound.Should().BeApproximately(495, 1e-9);
    }

    [Fact]
    public void ALimitWithinTenPercentOfThePeakBinds()
    {
        KnobReach.Of(Trial(Limit, 500, MetricNames.PeakPowerPerGpu, 460), Limit)!.Value.Binds.Should().BeTrue();
        KnobReach.Of(Trial(Limit, 300, MetricNames.PeakPowerPerGpu, 300), Limit)!.Value.Binds.Should().BeTrue();
    }

    [Fact]
    public void MaxNumSeqsTenPercentAboveTheLargestRunningBatchDoesNotBind()
    {
        var reach = KnobReach.Of(Trial(Batch, 64, MetricNames.PeakRunningBatch, 40), Batch)!.Value;

        reach.Binds.Should().BeFalse();
        reach.LowestUnbound.Should().BeApproximately(44, 1e-9);
        KnobReach.Of(Trial(Batch, 64, MetricNames.PeakRunningBatch, 60), Batch)!.Value.Binds.Should().BeTrue();
        KnobReach.Of(Trial(Batch, 64, MetricNames.PeakRunningBatch, 64), Batch)!.Value.Binds.Should().BeTrue();
    }

    [Fact]
    public void AClockCapTwoPercentAboveTheHighestClockDoesNotBind()
    {
        var reach = KnobReach.Of(Trial(Clock, 1980, MetricNames.PeakSmClock, 1500), Clock)!.Value;

        reach.Binds.Should().BeFalse();
        reach.LowestUnbound.Should().BeApproximately(1530, 1e-9);
        KnobReach.Of(Trial(Clock, 1500, MetricNames.PeakSmClock, 1500), Clock)!.Value.Binds.Should().BeTrue();
    }

    [Fact]
    public void ATrialWithoutItsPeakOrWithAFailedValidityGateSaysNothing()
    {
        var trial = Trial(Limit, 700, MetricNames.PeakPowerPerGpu, 200);

        KnobReach
            .Of(trial with { Metrics = trial.Metrics.Remove(MetricNames.PeakPowerPerGpu) }, Limit)
            .Should()
            .BeNull();
        KnobReach.Of(trial.AsInvalid("the power limit was not in force"), Limit).Should().BeNull();
        KnobReach.Of(trial, Clock).Should().BeNull();
        KnobReach.Caps(KnobKind.TensorParallel).Should().BeFalse();
    }

    [Fact]
    public void AScreeningTrialSaysNothingAboutAnyCap()
    {
        var power = Trial(Limit, 700, MetricNames.PeakPowerPerGpu, 200);
        var batch = Trial(Batch, 256, MetricNames.PeakRunningBatch, 40);
        var clock = Trial(Clock, 1980, MetricNames.PeakSmClock, 1500);

        KnobReach.Of(power, Limit)!.Value.Binds.Should().BeFalse();
        KnobReach.Of(power with { Fidelity = TrialFidelity.Screening }, Limit).Should().BeNull();
        KnobReach.Of(batch with { Fidelity = TrialFidelity.Screening }, Batch).Should().BeNull();
        KnobReach.Of(clock with { Fidelity = TrialFidelity.Screening }, Clock).Should().BeNull();
    }

    private static Observation Trial(Knob knob, double setting, string metric, double reached) =>
        new(
            Configuration.Of((knob.Name, setting.ToString(CultureInfo.InvariantCulture))),
            ImmutableDictionary<string, double>.Empty.Add(metric, reached)
        );
}
