using MLEnergy.Profiler.Nvml;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Runtime.Trials.Validity;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Tests.Trials.Validity;

public sealed class ValidityGatesTests
{
    private static readonly TrialEvidence Good = new(TimeSpan.FromSeconds(60))
    {
        Samples = [new VerdictSamples("tpot_p99_ms", 2_000, 459)],
        Saturating = true,
        BatchOccupancy = 0.95,
        GpuTelemetry = true,
        Gpus = [Gpu()],
    };

    [Fact]
    public void ATrialWithinEveryThresholdIsValidAndChecksEveryGate()
    {
        var validity = Check(Good);

        validity.Valid.Should().BeTrue(validity.Reason);
        validity.Skipped.Should().BeEmpty();
    }

    [Fact]
    public void AWindowShorterThanTenSecondsIsTooShortForTheEnergyCounter()
    {
        var validity = Check(Good with { Window = TimeSpan.FromSeconds(9.5) });

        validity
            .Reasons.Should()
            .Equal("steady-state window 9.5 s is shorter than 10 s (100 updates of the energy counter)");
    }

    [Fact]
    public void FewerSamplesThanTheVerdictNeedsMakeTheTrialInvalid()
    {
        var validity = Check(Good with { Samples = [new VerdictSamples("ttft_p99_ms", 300, 459)] });

        validity.Reasons.Should().Equal("the window holds 300 samples of ttft_p99_ms; its verdict needs 459");
        validity.OnlyShortOfSamples.Should().BeTrue();
    }

    [Fact]
    public void AVerdictReachedWithFewerSamplesThanAPassNeedsIsValid()
    {
        // A clear miss is decided long before the samples a pass would need.
        var validity = Check(Good with { Samples = [new VerdictSamples("ttft_p99_ms", 114, 637, Decided: true)] });

        validity.Valid.Should().BeTrue(validity.Reason);
    }

    [Fact]
    public void ATrialShortOfSamplesAndFailingAnotherGateIsNotOnlyShortOfSamples()
    {
        var validity = Check(
            Good with
            {
                Samples = [new VerdictSamples("ttft_p99_ms", 300, 459)],
                Window = TimeSpan.FromSeconds(5),
            }
        );

        validity.Reasons.Should().HaveCount(2);
        validity.OnlyShortOfSamples.Should().BeFalse();
    }

    [Fact]
    public void ALowRunningBatchUnderASaturatingLoadIsInvalidButNotUnderALighterOne()
    {
        var low = Good with { BatchOccupancy = 0.5, BatchSource = "vllm:num_requests_running" };

        Check(low)
            .Reasons.Should()
            .Equal(
                "batch 50 % occupied (running batch over max_num_seqs, or KV cache held) under a saturating load "
                    + "(from vllm:num_requests_running), below 80 %"
            );
        Check(low with { Saturating = false }).Valid.Should().BeTrue();
    }

    [Fact]
    public void AShortBatchWhileRequestsWaitInTheServersQueueIsTheServersOwnLimitAndValid()
    {
        // KV cache full: the server keeps 50 % of max_num_seqs running with a queue behind them. That is what this
        // configuration does, not a load that failed to fill it.
        var kvLimited = Good with
        {
            BatchOccupancy = 0.5,
            ServerQueued = true,
        };

        Check(kvLimited).Valid.Should().BeTrue();
    }

    [Fact]
    public void AClampedPowerLimitSaysWhatWasRequestedAndWhatIsEnforced()
    {
        var clamped = Gpu() with
        {
            RequestedPowerLimit = Power.FromWatts(300),
            EnforcedPowerLimit = Power.FromWatts(350),
        };

        Check(Good with { Gpus = [clamped] })
            .Reasons.Should()
            .Equal("gpu0 power limit not in force: requested 300 W, enforced 350 W");
    }

    [Fact]
    public void ATrialThatLookedInfeasibleWhileItsPowerLimitWasNotInForceIsInvalidNotHeldAgainstTheConfiguration()
    {
        var clamped = Gpu() with
        {
            RequestedPowerLimit = Power.FromWatts(300),
            EnforcedPowerLimit = Power.FromWatts(350),
        };
        var evidence = Good with { Gpus = [clamped] };
        var starved = Observation.Infeasible(
            Configuration.Of(("power_limit_w", "300")),
            "no request finished inside the steady-state window (lengthen trial.window)"
        );

        var observation = ValidityRecord.Apply(starved, evidence, Check(evidence));

        observation.Invalid.Should().BeTrue(observation.InfeasibleReason);
        observation.InvalidReason.Should().Be("gpu0 power limit not in force: requested 300 W, enforced 350 W");
        observation.Metric(MetricNames.PowerLimitEnforced).Should().Be(350);
    }

    [Fact]
    public void ATrialThatLookedInfeasibleWithTheGpusAsRequestedStaysInfeasible()
    {
        var evidence = Good with { Samples = [new VerdictSamples("ttft_p99_ms", 300, 459)] };
        var starved = Observation.Infeasible(Configuration.Of(("power_limit_w", "400")), "no request finished");

        var observation = ValidityRecord.Apply(starved, evidence, Check(evidence));

        observation.Invalid.Should().BeFalse();
        observation.InfeasibleReason.Should().Be("no request finished");
    }

    [Fact]
    public void AnSmClockAboveItsCapMeansTheLockIsNotInForce()
    {
        var unlocked = Gpu() with
        {
            RequestedClockCap = Frequency.FromMegahertz(1200),
            SmClock = Frequency.FromMegahertz(1980),
        };
        var oneStep = Gpu() with
        {
            RequestedClockCap = Frequency.FromMegahertz(1200),
            SmClock = Frequency.FromMegahertz(1215),
        };

        Check(Good with { Gpus = [unlocked] })
            .Reasons.Should()
            .Equal("gpu0 SM clock cap not in force: requested 1200 MHz, read 1980 MHz");
        Check(Good with { Gpus = [oneStep] }).Valid.Should().BeTrue("one 15 MHz step is within tolerance");
    }

    [Fact]
    public void ThermalOrHardwareSlowdownIsFlaggedButTheRequestedPowerCapIsNot()
    {
        var hot = Gpu() with
        {
            Throttle = ClockThrottleReasons.SoftwarePowerCap | ClockThrottleReasons.HardwareThermalSlowdown,
        };
        var capped = Gpu() with { Throttle = ClockThrottleReasons.SoftwarePowerCap };

        Check(Good with { Gpus = [hot] })
            .Reasons.Should()
            .Equal("gpu0 slowed itself down (HardwareThermalSlowdown), not by the requested setting");
        Check(Good with { Gpus = [capped] }).Valid.Should().BeTrue();
    }

    [Theory]
    [InlineData(34.9, false)]
    [InlineData(35, true)]
    [InlineData(770, true)]
    [InlineData(770.1, false)]
    public void PowerOutsideHalfTheIdlePowerToTenPercentAboveTheLargestLimitIsImplausible(double watts, bool valid)
    {
        // H100 SXM in the GPU data: idle 70 W, largest power limit 700 W, so 35-770 W is plausible.
        var validity = Check(Good with { Gpus = [Gpu() with { AveragePower = Power.FromWatts(watts) }] });

        validity.Valid.Should().Be(valid, validity.Reason);
    }

    [Fact]
    public void ATemperatureOutsideZeroToAHundredIsNotAPlausibleReading()
    {
        var validity = Check(Good with { Gpus = [Gpu() with { TemperatureEnd = Temperature.FromCelsius(104) }] });

        validity.Reasons.Should().Equal("gpu0 temperature 104 °C at the end is outside 0-100 °C");
    }

    [Fact]
    public void WithoutGpuTelemetryTheGpuGatesAreSkippedAndNamed()
    {
        var validity = Check(Good with { GpuTelemetry = false, Gpus = [] });

        validity.Valid.Should().BeTrue();
        validity.Skipped.Should().Equal("power", "temperature", "setting in force", "throttle reasons");
    }

    private static GpuCheck Gpu() =>
        new(0, "NVIDIA H100 80GB HBM3")
        {
            RequestedPowerLimit = Power.FromWatts(400),
            EnforcedPowerLimit = Power.FromWatts(400),
            SmClock = Frequency.FromMegahertz(1980),
            TemperatureStart = Temperature.FromCelsius(38),
            TemperatureEnd = Temperature.FromCelsius(61),
            AveragePower = Power.FromWatts(520),
        };

    private static TrialValidity Check(TrialEvidence evidence) =>
        ValidityGates.Check(evidence, ValidityThresholds.Default, GpuPowerBounds.Default);
}
