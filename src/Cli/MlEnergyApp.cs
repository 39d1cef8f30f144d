using System.CommandLine;
using MLEnergy.Cli.Commands;
using MLEnergy.Cli.Output;

namespace MLEnergy.Cli;

/// <summary>Builds the <c>mlenergy</c> command tree and runs one invocation of it.</summary>
public static class MlEnergyApp
{
    public static RootCommand BuildRootCommand(IConsoleOutput console)
    {
        var root = new RootCommand(
            "mlenergy: cut the energy of ML inference serving without changing what the model computes.\n"
                + "Sweeps output-preserving knobs (SM clock cap, power limit, batch size, parallelism), measures\n"
                + "latency and energy of each configuration, and recommends the least-energy one that meets the SLO."
        );
        foreach (var command in CommandCatalog.Create(console))
        {
            root.Subcommands.Add(command);
        }

        return root;
    }

    public static async Task<int> RunAsync(string[] args, IConsoleOutput console, CancellationToken cancellationToken)
    {
        var root = BuildRootCommand(console);
        if (args.Length == 0)
        {
            await using var help = new UsageNameWriter(console.Error);
            await root.Parse("--help")
                .InvokeAsync(new InvocationConfiguration { Output = help, Error = help }, cancellationToken);
            return (int)ExitCode.UsageError;
        }

        var parseResult = root.Parse(args);
        if (parseResult.Errors.Count > 0)
        {
            await console.Error.WriteLineAsync($"mlenergy: {Suggestions.Describe(parseResult)}");
            return (int)ExitCode.UsageError;
        }

        await using var output = new UsageNameWriter(console.Out);

        // Ctrl-C, SIGTERM and SIGHUP cancel the run, which then restores GPU settings and stops servers before it
        // returns. Not the parser's own handling: after its timeout it returns an exit code while the command is still
        // restoring, and the process ends with the GPUs changed.
        using var signals = new StopSignals(cancellationToken);
        var configuration = new InvocationConfiguration
        {
            Output = output,
            Error = console.Error,
            ProcessTerminationTimeout = null,

            // Failures reach the one mapping below instead of the parser's stack-trace printer.
            EnableDefaultExceptionHandler = false,
        };
        try
        {
            return await parseResult.InvokeAsync(configuration, signals.Token);
        }
        catch (Exception failure)
        {
            return await FailureReport.WriteAsync(console, failure);
        }
    }
}
