using MLEnergy.Profiler.Meters;
using MLEnergy.Profiler.Tests.Support;
using MLEnergy.Profiler.Windows;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Tests.Windows;

public sealed class MeasurementWindowsTests
{
    private readonly FakeTimeProvider _time = new();
    private readonly FakeGpuTelemetry _gpus;

    public MeasurementWindowsTests() =>
        _gpus = new FakeGpuTelemetry(_time).Add("H100", Power.FromWatts(300)).Add("H100", Power.FromWatts(500));

    [Fact]
    public void AWindowReportsElapsedTimeAndEnergyPerGpu()
    {
        var windows = Windows([0, 1]);

        windows.Begin("steady");
        _time.Advance(TimeSpan.FromSeconds(10));
        var result = windows.End("steady");

        result.Elapsed.Should().Be(TimeSpan.FromSeconds(10));
        result.Sources.Select(s => s.Energy.Joules).Should().Equal(3000, 5000);
        result.Total(EnergySourceKind.Gpu).Should().Be(Energy.FromJoules(8000));
        result.Total(EnergySourceKind.CpuPackage).Should().BeNull();
        result.Warnings.Should().BeEmpty();
        result.AnyEstimated.Should().BeFalse();
    }

    [Fact]
    public void OverlappingWindowsEachSeeTheirOwnSpan()
    {
        var windows = Windows([0]);

        windows.Begin("whole");
        _time.Advance(TimeSpan.FromSeconds(1));
        windows.Begin("middle");
        _gpus.SetPower(0, Power.FromWatts(600));
        _time.Advance(TimeSpan.FromSeconds(2));
        var middle = windows.End("middle");
        _time.Advance(TimeSpan.FromSeconds(1));
        var whole = windows.End("whole");

        middle.Find("gpu0")!.Energy.Joules.Should().BeApproximately(1200, 1e-6);
        whole.Find("gpu0")!.Energy.Joules.Should().BeApproximately(300 + 1200 + 600, 1e-6);
        whole.Elapsed.Should().Be(TimeSpan.FromSeconds(4));
    }

    [Fact]
    public void AWindowShorterThanTheCounterUpdateIsEstimatedAndWarnedAbout()
    {
        var windows = Windows([1]);

        windows.Begin("blink");
        _time.Advance(TimeSpan.FromMilliseconds(40));
        var result = windows.End("blink");

        var gpu = result.Sources.Should().ContainSingle().Subject;
        gpu.Estimated.Should().BeTrue();
        gpu.Energy.Joules.Should().BeApproximately(500 * 0.04, 1e-9);
        result
            .Warnings.Should()
            .ContainSingle()
            .Which.Should()
            .Be(
                "window 'blink' lasted 40 ms, shorter than gpu1's update period (100 ms): energy estimated from "
                    + "power × time"
            );
    }

    [Fact]
    public void AbsentSourcesAreCarriedIntoTheResult()
    {
        var meter = new CompositeEnergyMeter(Meter([0]), new NullEnergyMeter([new AbsentSource("cpu", "no RAPL")]));
        var windows = new MeasurementWindows(meter, _time);

        windows.Begin("w");
        _time.Advance(TimeSpan.FromSeconds(1));

        windows.End("w").Absent.Should().Equal(new AbsentSource("cpu", "no RAPL"));
    }

    [Fact]
    public void BeginningAnOpenWindowAgainIsRefused()
    {
        var windows = Windows([0]);
        windows.Begin("w");

        var again = () => windows.Begin("w");

        again.Should().Throw<InvalidOperationException>().WithMessage("*'w' is already open*");
    }

    [Fact]
    public void EndingAWindowThatWasNeverBegunIsRefused()
    {
        var windows = Windows([0]);

        var end = () => windows.End("never");

        end.Should().Throw<InvalidOperationException>().WithMessage("*'never' was never begun*");
    }

    [Fact]
    public void ACancelledWindowIsForgotten()
    {
        var windows = Windows([0]);
        windows.Begin("a");
        windows.Begin("b");

        windows.Cancel("a").Should().BeTrue();

        windows.OpenWindows.Should().Equal("b");
    }

    private MeasurementWindows Windows(int[] gpus) => new(Meter(gpus), _time);

    private GpuEnergyMeter Meter(int[] gpus) => new(_gpus, gpus, _time, TimeSpan.FromMilliseconds(100));
}
