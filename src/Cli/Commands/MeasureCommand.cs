using System.CommandLine;
using MLEnergy.Cli.Output;
using MLEnergy.Profiler.Measure;
using MLEnergy.Profiler.Nvml;
using MLEnergy.Profiler.Rapl;
using MLEnergy.Profiler.Telemetry;
using MLEnergy.Units;

namespace MLEnergy.Cli.Commands;

internal static class MeasureCommand
{
    public static Command Create(IConsoleOutput console)
    {
        var gpus = new Option<string?>("--gpus") { Description = "GPUs to meter, e.g. 0,1 (default: all)." };
        var interval = new Option<string>("--interval")
        {
            Description = "Sampling interval, at least 10ms.",
            DefaultValueFactory = _ => "100ms",
        };
        var csv = new Option<string?>("--csv") { Description = "Write the power trace to this CSV file." };
        var json = new Option<bool>("--json") { Description = "Print the summary as one JSON line on stderr." };
        var commandLine = new Argument<string[]>("command")
        {
            Description = "The command and its arguments, after --.",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var command = new Command(
            "measure",
            "Run a command and report its elapsed time and energy per GPU and CPU (perf stat for energy)."
        )
        {
            gpus,
            interval,
            csv,
            json,
            commandLine,
        };
        command.SetAction(
            (parseResult, cancellationToken) =>
                RunAsync(
                    console,
                    new Bound(
                        parseResult.GetValue(gpus),
                        parseResult.GetValue(interval) ?? "100ms",
                        OptionValues.PathGiven(parseResult.GetValue(csv), "--csv", "power.csv"),
                        parseResult.GetValue(json),
                        parseResult.GetValue(commandLine) ?? []
                    ),
                    cancellationToken
                )
        );
        return command;
    }

    private static async Task<int> RunAsync(IConsoleOutput console, Bound options, CancellationToken cancellationToken)
    {
        IReadOnlyList<int>? gpuList = null;
        if (options.Gpus is not null && !GpuSelection.TryParse(options.Gpus, out gpuList, out var gpuProblem))
        {
            return await Usage(console, gpuProblem!);
        }

        if (!DurationText.TryParse(options.Interval, out var sampling))
        {
            return await Usage(console, $"--interval expects a duration like 100ms or 1s, not '{options.Interval}'");
        }

        using var nvml = NvmlGpuTelemetry.TryOpen(out var unavailable);
        IGpuTelemetry telemetry = nvml is null ? EmptyGpuTelemetry.Instance : nvml;
        var request = new MeasureRequest(
            options.CommandLine.FirstOrDefault() ?? string.Empty,
            options.CommandLine.Skip(1).ToArray(),
            gpuList,
            sampling,
            options.Csv
        );
        if (MeasureRequestValidator.Validate(request, telemetry, unavailable) is [var finding, ..])
        {
            return await Usage(console, finding);
        }

        var measurement = await new CommandMeasurer(
            telemetry,
            unavailable,
            new RaplReader(),
            TimeProvider.System
        ).RunAsync(request, console.Out, console.Error, cancellationToken);
        if (options.Json)
        {
            await console.Error.WriteLineAsync(CommandMeasurementJson.Write(measurement));
        }
        else
        {
            CommandMeasurementText.Write(measurement, console.Error);
        }

        return measurement.ExitCode;
    }

    private static async Task<int> Usage(IConsoleOutput console, string problem)
    {
        await console.Error.WriteLineAsync($"mlenergy measure: {problem}");
        return (int)ExitCode.UsageError;
    }

    private sealed record Bound(string? Gpus, string Interval, string? Csv, bool Json, string[] CommandLine);
}
