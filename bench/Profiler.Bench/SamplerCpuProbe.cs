using System.Diagnostics;
using System.Globalization;
using MLEnergy.Profiler.Nvml;
using MLEnergy.Profiler.Sampling;

namespace MLEnergy.Profiler.Bench;

/// <summary>
/// Runs the real background sampler (three stub GPUs, CSV sink) and reports the process CPU time it adds over an
/// idle stretch of the same length, as a share of one core.
/// </summary>
internal static class SamplerCpuProbe
{
    public static async Task RunAsync(TimeSpan duration, TimeSpan interval)
    {
        using var telemetry = NvmlGpuTelemetry.Open();
        var sampler = new PowerSampler(telemetry, [0, 1, 2], TimeProvider.System);
        using var process = Process.GetCurrentProcess();

        // Warm-up: compiles and tiers up the sampling path, so that what follows is the steady cost.
        await Sample(sampler, interval, TimeSpan.FromSeconds(10), new PowerTrace());
        var idle = await CpuDuring(process, () => Task.Delay(duration));
        var trace = new PowerTrace();
        var wall = Stopwatch.StartNew();
        var busy = await CpuDuring(process, () => Sample(sampler, interval, duration, trace));
        wall.Stop();

        var share = (busy - idle).TotalSeconds / wall.Elapsed.TotalSeconds * 100;
        Console.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"sampler at {1 / interval.TotalSeconds:0} Hz over {wall.Elapsed.TotalSeconds:0.0} s: "
                    + $"{trace.Samples.Count} samples, "
                    + $"process CPU {busy.TotalMilliseconds:0} ms vs {idle.TotalMilliseconds:0} ms idle -> "
                    + $"{share:0.000}% of one core"
            )
        );
    }

    private static async Task Sample(PowerSampler sampler, TimeSpan interval, TimeSpan duration, PowerTrace trace)
    {
        using var stop = new CancellationTokenSource(duration);
        await sampler.RunAsync(interval, [trace, new CsvPowerSampleSink(TextWriter.Null)], stop.Token);
    }

    private static async Task<TimeSpan> CpuDuring(Process process, Func<Task> work)
    {
        process.Refresh();
        var start = process.TotalProcessorTime;
        await work();
        process.Refresh();
        return process.TotalProcessorTime - start;
    }
}
