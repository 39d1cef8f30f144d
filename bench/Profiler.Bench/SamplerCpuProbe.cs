using System.Diagnostics;
using System.Globalization;
using MLEnergy.Profiler.Nvml;
using MLEnergy.Profiler.Sampling;

namespace MLEnergy.Profiler.Bench;

/// <summary>Runs the real background sampler at 10 Hz and reports the process CPU time it used, as % of one core.</summary>
internal static class SamplerCpuProbe
{
    public static async Task RunAsync(TimeSpan duration, TimeSpan interval)
    {
        using var telemetry = NvmlGpuTelemetry.Open();
        var sampler = new PowerSampler(telemetry, [0, 1, 2], TimeProvider.System);
        var trace = new PowerTrace();
        var sinks = new IPowerSampleSink[] { trace, new CsvPowerSampleSink(TextWriter.Null) };
        using var process = Process.GetCurrentProcess();

        await Task.Delay(500);
        process.Refresh();
        var idleStart = process.TotalProcessorTime;
        await Task.Delay(duration);
        process.Refresh();
        var idle = process.TotalProcessorTime - idleStart;

        using var stop = new CancellationTokenSource(duration);
        var wall = Stopwatch.StartNew();
        process.Refresh();
        var cpuStart = process.TotalProcessorTime;
        await sampler.RunAsync(interval, sinks, stop.Token);
        process.Refresh();
        var cpu = process.TotalProcessorTime - cpuStart;

        var share = (cpu - idle).TotalSeconds / wall.Elapsed.TotalSeconds * 100;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"sampler at {1 / interval.TotalSeconds:0} Hz over {wall.Elapsed.TotalSeconds:0.0} s: {trace.Samples.Count} samples, " +
            $"process CPU {cpu.TotalMilliseconds:0} ms (idle baseline {idle.TotalMilliseconds:0} ms) -> {share:0.00}% of one core"));
    }
}
