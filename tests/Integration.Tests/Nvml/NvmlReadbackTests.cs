using MLEnergy.Profiler.Nvml;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Trials.Validity;
using MLEnergy.Units;

namespace MLEnergy.Integration.Tests.Nvml;

/// <summary>
/// The validity gates' read-back through the real P/Invoke into the NVML stub: enforced power limit, SM clock, clock
/// event reasons (through the older throttle-reasons call, as the stub lacks the newer one) and temperature.
/// </summary>
[Collection(NvmlStubGroup.Name)]
public sealed class NvmlReadbackTests : IDisposable
{
    private readonly NvmlStubFixture _stub;
    private readonly NvmlGpuControl _control = NvmlGpuControl.Open();

    public NvmlReadbackTests(NvmlStubFixture stub) => _stub = stub;

    public void Dispose()
    {
        _control.SetPowerLimit(0, Power.FromWatts(700));
        _control.ResetSmClocks(0);
        File.Delete(_stub.ReadbackPath);
        _control.Dispose();
    }

    [Fact]
    public void WhatTheDriverHasInForceIsReadBackBesideWhatWasRequested()
    {
        _control.SetPowerLimit(0, Power.FromWatts(300));
        _control.LockSmClocks(0, Frequency.FromMegahertz(345), Frequency.FromMegahertz(1200));
        File.WriteAllText(_stub.ReadbackPath, "temperature 47\n");
        var probe = new GpuProbe(_control, [0], TimeProvider.System);

        var check = probe.ReadBack(Power.FromWatts(300), Frequency.FromMegahertz(1200), [], _ => null).Single();

        check.Kind.Should().Be("NVIDIA H100 80GB HBM3");
        check.EnforcedPowerLimit.Should().Be(Power.FromWatts(300));
        check.SmClock.Should().Be(Frequency.FromMegahertz(1200));
        check.Throttle.Should().Be(ClockThrottleReasons.SoftwarePowerCap, "the stub's limit is under its default");
        check.TemperatureEnd.Should().Be(Temperature.FromCelsius(47));
        Check(check).Valid.Should().BeTrue(Check(check).Reason);
    }

    [Fact]
    public void AFirmwareClampAndAThermalSlowdownMakeTheTrialInvalid()
    {
        _control.SetPowerLimit(0, Power.FromWatts(300));
        File.WriteAllText(_stub.ReadbackPath, "floor_mw 350000\nthrottle 68\n");
        var probe = new GpuProbe(_control, [0], TimeProvider.System);

        var check = probe.ReadBack(Power.FromWatts(300), null, [], _ => null).Single();

        Check(check)
            .Reasons.Should()
            .Equal(
                "gpu0 power limit not in force: requested 300 W, enforced 350 W",
                "gpu0 slowed itself down (HardwareThermalSlowdown), not by the requested setting"
            );
    }

    private static TrialValidity Check(GpuCheck gpu) =>
        ValidityGates.Check(
            new TrialEvidence(TimeSpan.FromSeconds(60)) { GpuTelemetry = true, Gpus = [gpu] },
            ValidityThresholds.Default,
            GpuPowerBounds.Default
        );
}
