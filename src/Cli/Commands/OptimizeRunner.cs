using MLEnergy.Cli.Output;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Optimize;
using MLEnergy.Runtime.Simulation;
using MLEnergy.Runtime.Targets;
using Serilog;

namespace MLEnergy.Cli.Commands;

/// <summary>Runs one optimize request: wiring, progress, the printed result and the exit code.</summary>
internal sealed class OptimizeRunner(IConsoleOutput console)
{
    public async Task<int> RunAsync(Func<OptimizeRequest> bind, bool json, bool verbose, CancellationToken cancellationToken)
    {
        OptimizeRequest request;
        TargetSetup setup;
        var service = new OptimizeService(new TargetFactory(ShippedFiles.NextToProgram(), () => SimulatedHost.CreateDefault()), TimeProvider.System);
        try
        {
            request = bind();
            setup = service.Prepare(request);
        }
        catch (Exception e) when (UsageErrors.IsUsageError(e))
        {
            return await UsageErrorAsync(e);
        }

        if (setup.IsSimulated)
        {
            await console.Error.WriteLineAsync("Simulated host: no GPU is being measured. Point mlenergy at a real one with --target or --space.");
        }

        try
        {
            using var log = CreateLog(request, verbose);
            var progress = new TrialProgressPrinter(console.Error, log, request.Slo, setup.Space.Objective.MetricName(),
                [.. setup.Space.Knobs.Where(k => !k.IsPinned).Select(k => k.Name)], quiet: json);
            var outcome = await service.RunAsync(request, setup, progress, cancellationToken);
            if (json)
            {
                await console.Out.WriteAsync(ResultJsonWriter.Write(outcome.Result));
            }
            else
            {
                SummaryTextWriter.Write(console.Out, outcome.Result);
                await console.Out.WriteLineAsync($"Result: {outcome.Folder.ResultFile}");
            }

            return (int)(outcome.Result.Selection.Feasible ? ExitCode.Success : ExitCode.NoConfigurationMeetsSlo);
        }
        catch (OperationCanceledException)
        {
            await console.Error.WriteLineAsync("mlenergy: cancelled");
            return (int)ExitCode.Cancelled;
        }
        catch (Exception e) when (UsageErrors.IsUsageError(e))
        {
            return await UsageErrorAsync(e);
        }
    }

    private async Task<int> UsageErrorAsync(Exception e)
    {
        foreach (var line in e.Message.Split(Environment.NewLine))
        {
            await console.Error.WriteLineAsync($"mlenergy: {line}");
        }

        return (int)ExitCode.UsageError;
    }

    private static Serilog.Core.Logger CreateLog(OptimizeRequest request, bool verbose)
    {
        var directory = request.OutputDirectory ?? Path.Combine(request.StateDirectory, "logs");
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Debug()
            .WriteTo.File(Path.Combine(directory, "mlenergy.log"), formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        if (verbose)
        {
            configuration = configuration.WriteTo.Console(standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose, formatProvider: System.Globalization.CultureInfo.InvariantCulture);
        }

        return configuration.CreateLogger();
    }
}
