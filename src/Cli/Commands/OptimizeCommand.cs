using System.CommandLine;
using MLEnergy.Cli.Output;

namespace MLEnergy.Cli.Commands;

internal static class OptimizeCommand
{
    public static Command Create(IConsoleOutput console)
    {
        var command = new Command("optimize", "Find the least-energy configuration that meets the latency SLO.");
        command.SetAction((parseResult, cancellationToken) =>
        {
            console.Out.WriteLine("not yet");
            return Task.FromResult(0);
        });
        return command;
    }
}
