using MLEnergy.Profiler.Meters;
using MLEnergy.Profiler.Tests.Support;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Tests.Meters;

public sealed class GpuEnergyMeterTests
{
    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void ADeviceWithACounterIsMeteredByItsCounterFromZero()
    {
        var gpus = new FakeGpuTelemetry(_time).Add("H100", Power.FromWatts(400));
        using var meter = new GpuEnergyMeter(gpus, [0], _time, TimeSpan.FromMilliseconds(100));

        _time.Advance(TimeSpan.FromSeconds(2));

        meter.Inventory.Sources.Should().ContainSingle().Which.Method.Should().Be(EnergyMethod.Counter);
        meter.Read()[0].Joules.Should().BeApproximately(800, 1e-6);
    }

    [Fact]
    public void ADeviceWithoutACounterIsMeteredByPolledPower()
    {
        var gpus = new FakeGpuTelemetry(_time).Add("P100", Power.FromWatts(100), hasCounter: false);
        using var meter = new GpuEnergyMeter(gpus, [0], _time, TimeSpan.FromMilliseconds(100));

        _time.Advance(TimeSpan.FromSeconds(1));
        gpus.SetPower(0, Power.FromWatts(300));
        _time.Advance(TimeSpan.FromSeconds(1));

        var source = meter.Inventory.Sources.Should().ContainSingle().Subject;
        source.Method.Should().Be(EnergyMethod.PowerIntegration);
        source.UpdatePeriod.Should().Be(TimeSpan.FromMilliseconds(100));
        // 1 s at 100 W, one 100 ms poll interval ramping 100→300 W (20 J), 0.9 s at 300 W.
        meter.Read()[0].Joules.Should().BeApproximately(100 + 20 + 270, 1e-6);
    }

    [Fact]
    public void ADeviceReportingNeitherCounterNorPowerIsAbsent()
    {
        var gpus = new FakeGpuTelemetry(_time)
            .Add("H100", Power.FromWatts(400))
            .Add("mystery", Power.FromWatts(50), hasCounter: false, reportsPower: false);
        using var meter = new GpuEnergyMeter(gpus, [0, 1], _time, TimeSpan.FromMilliseconds(100));

        meter.Inventory.Sources.Select(s => s.Name).Should().Equal("gpu0");
        meter
            .Inventory.Absent.Should()
            .ContainSingle()
            .Which.Should()
            .Be(new AbsentSource("gpu1", "reports neither an energy counter nor power"));
    }

    [Fact]
    public void CompositeMetersKeepTheOrderOfTheirParts()
    {
        var gpus = new FakeGpuTelemetry(_time).Add("a", Power.FromWatts(100)).Add("b", Power.FromWatts(200));
        using var first = new GpuEnergyMeter(gpus, [1], _time, TimeSpan.FromSeconds(1));
        using var second = new GpuEnergyMeter(gpus, [0], _time, TimeSpan.FromSeconds(1));
        var composite = new CompositeEnergyMeter(first, NullEnergyMeter.Instance, second);

        _time.Advance(TimeSpan.FromSeconds(1));

        composite.Inventory.Sources.Select(s => s.Name).Should().Equal("gpu1", "gpu0");
        composite.Read().Select(e => e.Joules).Should().Equal(200, 100);
        composite.ReadPower(composite.Inventory.Sources[0]).Should().Be(Power.FromWatts(200));
    }
}
