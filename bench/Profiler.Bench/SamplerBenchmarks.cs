using BenchmarkDotNet.Attributes;
using MLEnergy.Profiler.Nvml;
using MLEnergy.Profiler.Sampling;

namespace MLEnergy.Profiler.Bench;

/// <summary>One sampler tick over the stub's three GPUs; at 10 Hz the CPU share is ten times this per second.</summary>
[MemoryDiagnoser]
public class SamplerBenchmarks
{
    private NvmlGpuTelemetry _telemetry = null!;
    private PowerSampler _sampler = null!;
    private IPowerSampleSink[] _sinks = null!;

    [GlobalSetup]
    public void Setup()
    {
        _telemetry = NvmlGpuTelemetry.Open();
        _sampler = new PowerSampler(_telemetry, [0, 1, 2], TimeProvider.System);
        _sinks = [new CsvPowerSampleSink(TextWriter.Null)];
    }

    [GlobalCleanup]
    public void Cleanup() => _telemetry.Dispose();

    [Benchmark]
    public void OneTickOfThreeGpusToCsv() => _sampler.SampleOnce(_sinks);
}
