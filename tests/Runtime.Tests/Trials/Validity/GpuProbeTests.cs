using MLEnergy.Runtime.Tests.Support;
using MLEnergy.Runtime.Trials.Validity;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Tests.Trials.Validity;

public sealed class GpuProbeTests
{
    [Fact]
    public async Task ATrialStartingHotterThanTheBaselineWaitsUntilItIsWithinFiveDegrees()
    {
        var clock = new AutoAdvancingClock();
        var readings = new Queue<double>([40, 60, 55, 50, 45, 44]);
        var gpus = new FakeGpuControl(1) { Temperature = () => Temperature.FromCelsius(readings.Dequeue()) };
        var probe = new GpuProbe(gpus, [0], clock);

        var baseline = await probe.SettleAsync(ValidityThresholds.Default, CancellationToken.None);
        var next = await probe.SettleAsync(ValidityThresholds.Default, CancellationToken.None);

        baseline.Waited.Should().Be(TimeSpan.Zero, "the first trial sets the reference");
        next.Waited.Should().Be(TimeSpan.FromSeconds(3), "60, 55 and 50 °C are over 45 °C; 45 °C is not");
        next.Start.Single().Celsius.Should().Be(45);
    }

    [Fact]
    public async Task AGpuThatStaysHotIsWaitedForOnlyUpToTheBound()
    {
        var clock = new AutoAdvancingClock();
        var first = true;
        var gpus = new FakeGpuControl(1) { Temperature = () => Temperature.FromCelsius(first ? 40 : 80) };
        var probe = new GpuProbe(gpus, [0], clock);
        await probe.SettleAsync(ValidityThresholds.Default, CancellationToken.None);
        first = false;

        var hot = await probe.SettleAsync(ValidityThresholds.Default, CancellationToken.None);

        hot.Waited.Should().Be(TimeSpan.FromSeconds(120));
        hot.Start.Single().Celsius.Should().Be(80);
    }

    [Fact]
    public async Task TheSettleWaitCanBeCancelled()
    {
        var gpus = new FakeGpuControl(1);
        var probe = new GpuProbe(gpus, [0], TimeProvider.System);
        await probe.SettleAsync(ValidityThresholds.Default, CancellationToken.None);
        gpus.Temperature = () => Temperature.FromCelsius(90);
        using var cancel = new CancellationTokenSource();
        await cancel.CancelAsync();

        var wait = () => probe.SettleAsync(ValidityThresholds.Default, cancel.Token);

        await wait.Should().ThrowAsync<OperationCanceledException>();
    }

    [Fact]
    public void ReadingBackGivesWhatIsInForceBesideWhatWasRequested()
    {
        var gpus = new FakeGpuControl(2) { EnforcedFloor = Power.FromWatts(350) };
        gpus.SetPowerLimit(1, Power.FromWatts(300));
        var probe = new GpuProbe(gpus, [1], TimeProvider.System);

        var check = probe
            .ReadBack(Power.FromWatts(300), null, [Temperature.FromCelsius(41)], _ => Power.FromWatts(250))
            .Single();

        check.Gpu.Should().Be(1);
        check.Kind.Should().Be("NVIDIA H100 80GB HBM3");
        check.RequestedPowerLimit.Should().Be(Power.FromWatts(300));
        check.EnforcedPowerLimit.Should().Be(Power.FromWatts(350));
        check.TemperatureStart.Should().Be(Temperature.FromCelsius(41));
        check.TemperatureEnd.Should().Be(Temperature.FromCelsius(40));
        check.AveragePower.Should().Be(Power.FromWatts(250));
    }
}
