using System.ComponentModel;
using System.Diagnostics;
using MLEnergy.Profiler.Meters;
using MLEnergy.Profiler.Rapl;
using MLEnergy.Profiler.Sampling;
using MLEnergy.Profiler.Telemetry;
using MLEnergy.Profiler.Windows;
using MLEnergy.Units;

namespace MLEnergy.Profiler.Measure;

/// <summary>
/// <c>perf stat</c> for energy: runs a command without a shell, passes its output through, and meters GPUs
/// (any <see cref="IGpuTelemetry"/>) and RAPL over exactly the time it ran.
/// </summary>
public sealed class CommandMeasurer
{
    private readonly IGpuTelemetry _gpus;
    private readonly string? _gpuUnavailable;
    private readonly RaplReader _rapl;
    private readonly TimeProvider _time;

    public CommandMeasurer(IGpuTelemetry gpus, string? gpuUnavailable, RaplReader rapl, TimeProvider time)
    {
        _gpus = gpus;
        _gpuUnavailable = gpuUnavailable;
        _rapl = rapl;
        _time = time;
    }

    /// <summary>Runs the command; throws <see cref="MeasureStartException"/> when it cannot start.</summary>
    public async Task<CommandMeasurement> RunAsync(
        MeasureRequest request,
        TextWriter output,
        TextWriter error,
        CancellationToken cancellationToken
    )
    {
        var gpus = request.Gpus ?? _gpus.Devices.Select(d => d.Index).ToArray();
        using var gpuMeter = new GpuEnergyMeter(_gpus, gpus, _time, request.Interval);
        AbsentSource[] absent =
            _gpus.Devices.Count == 0 && _gpus.Unreachable.Count == 0
                ? [new AbsentSource("gpu", _gpuUnavailable ?? "no NVIDIA GPU on this host")]
                :
                [
                    .. _gpus
                        .Unreachable.Where(g => request.Gpus is null)
                        .Select(g => new AbsentSource($"gpu{g.Index}", $"the driver cannot reach it: {g.Reason}")),
                ];
        var meter = new CompositeEnergyMeter(gpuMeter, new RaplEnergyMeter(_rapl), new NullEnergyMeter(absent));
        var windows = new MeasurementWindows(meter, _time);
        var trace = new PowerTrace();
        await using var csvFile = request.CsvPath is null ? null : OpenTrace(request.CsvPath);
        var sinks = csvFile is null ? new IPowerSampleSink[] { trace } : [trace, new CsvPowerSampleSink(csvFile)];
        var sampler = new PowerSampler(_gpus, gpus, _time);

        using var process = new Process { StartInfo = StartInfo(request) };
        using var stopSampling = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        windows.Begin("command");
        Start(process, request.Command);
        var sampling = sampler.RunAsync(request.Interval, sinks, stopSampling.Token);
        var pumps = Task.WhenAll(
            Pump(process.StandardOutput, output, cancellationToken),
            Pump(process.StandardError, error, cancellationToken)
        );
        WindowMeasurement window;
        try
        {
            await process.WaitForExitAsync(cancellationToken);
            window = windows.End("command");
            await pumps;
        }
        catch (OperationCanceledException)
        {
            Stop(process);
            throw;
        }
        finally
        {
            await stopSampling.CancelAsync();
            await sampling;
        }

        return Summarize(request, process.ExitCode, window, trace);
    }

    private static CommandMeasurement Summarize(
        MeasureRequest request,
        int exitCode,
        WindowMeasurement window,
        PowerTrace trace
    )
    {
        var sources = window
            .Sources.Select(s =>
            {
                var average = s.Energy.Per(window.Elapsed);
                var peak = trace.Peak(s.Source.Name);
                return new SourceSummary(
                    s.Source.Name,
                    s.Source.Kind,
                    s.Source.Method,
                    s.Energy,
                    average,
                    peak is { } p ? Power.Max(p, average) : null,
                    s.Estimated
                );
            })
            .ToArray();
        return new CommandMeasurement(
            string.Join(' ', [request.Command, .. request.Arguments]),
            exitCode,
            window.Elapsed,
            sources,
            window.Absent,
            window.Warnings,
            trace.Samples.Count
        );
    }

    private static ProcessStartInfo StartInfo(MeasureRequest request)
    {
        var info = new ProcessStartInfo(request.Command)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        foreach (var argument in request.Arguments)
        {
            info.ArgumentList.Add(argument);
        }

        return info;
    }

    private static StreamWriter OpenTrace(string path)
    {
        try
        {
            return new StreamWriter(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new MeasureStartException($"cannot write the trace file '{path}': {e.Message}", e);
        }
    }

    private static void Start(Process process, string command)
    {
        if (Directory.Exists(command))
        {
            throw new MeasureStartException($"cannot start '{command}': it is a directory, not a program");
        }

        try
        {
            process.Start();
        }
        catch (Win32Exception e)
        {
            throw new MeasureStartException($"cannot start '{command}': {e.Message}", e);
        }
    }

    private static void Stop(Process process)
    {
        try
        {
            process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // It had already exited.
        }
    }

    private static async Task Pump(StreamReader from, TextWriter to, CancellationToken cancellationToken)
    {
        var buffer = new char[4096];
        int read;
        while ((read = await from.ReadAsync(buffer, cancellationToken)) > 0)
        {
            await to.WriteAsync(buffer.AsMemory(0, read), cancellationToken);
            await to.FlushAsync(cancellationToken);
        }
    }
}
