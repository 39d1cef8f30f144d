using BenchmarkDotNet.Attributes;
using MLEnergy.Profiler.Nvml;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Bench;

/// <summary>One read of the energy counter and of power through the real binding, against the stub library.</summary>
[MemoryDiagnoser]
public class EnergyReadBenchmarks
{
    private NvmlGpuTelemetry _telemetry = null!;
    private NvmlDevice _device = null!;

    [GlobalSetup]
    public void Setup()
    {
        _telemetry = NvmlGpuTelemetry.Open();
        _device = _telemetry.NvmlDevices[0];
    }

    [GlobalCleanup]
    public void Cleanup() => _telemetry.Dispose();

    [Benchmark(Baseline = true)]
    public Energy EnergyCounterThroughTheDevice() => _device.GetTotalEnergy();

    [Benchmark]
    public Energy? EnergyCounterThroughTelemetry() => _telemetry.ReadTotalEnergy(0);

    [Benchmark]
    public Power InstantPowerField() => _device.GetInstantPower();
}
