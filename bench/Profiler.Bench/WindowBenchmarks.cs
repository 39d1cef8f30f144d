using BenchmarkDotNet.Attributes;
using MLEnergy.Profiler.Meters;
using MLEnergy.Profiler.Nvml;
using MLEnergy.Profiler.Windows;

namespace MLEnergy.Profiler.Bench;

/// <summary>Begin and end of one window over the stub's two counter GPUs.</summary>
[MemoryDiagnoser]
public class WindowBenchmarks
{
    private NvmlGpuTelemetry _telemetry = null!;
    private GpuEnergyMeter _meter = null!;
    private MeasurementWindows _counted = null!;
    private MeasurementWindows _estimated = null!;

    [GlobalSetup]
    public void Setup()
    {
        _telemetry = NvmlGpuTelemetry.Open();
        _meter = new GpuEnergyMeter(_telemetry, [0, 1], TimeProvider.System, TimeSpan.FromMilliseconds(100));
        _counted = new MeasurementWindows(_meter, new SteppingTimeProvider());
        _estimated = new MeasurementWindows(_meter, TimeProvider.System);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _meter.Dispose();
        _telemetry.Dispose();
    }

    /// <summary>A window as trials use it: longer than the counter's update period, energy from the counters.</summary>
    [Benchmark(Baseline = true)]
    public WindowMeasurement BeginEndCounted()
    {
        _counted.Begin("w");
        return _counted.End("w");
    }

    /// <summary>A window of microseconds: warned about and estimated from power × time.</summary>
    [Benchmark]
    public WindowMeasurement BeginEndShortEstimated()
    {
        _estimated.Begin("w");
        return _estimated.End("w");
    }
}
