using System.CommandLine;
using MLEnergy.Cli.Output;
using MLEnergy.Recommender.Reports;
using MLEnergy.Runtime.Apply;
using MLEnergy.Runtime.History;

namespace MLEnergy.Cli.Commands;

/// <summary><c>mlenergy apply RUN</c>: puts a run's recommendation in place; <c>--print</c> prints the commands instead.</summary>
internal static class ApplyCommand
{
    public static Command Create(IConsoleOutput console)
    {
        var stores = new StoreOptions();
        var run = new Argument<string>("RUN") { Description = "Run id (see 'mlenergy history') or run folder" };
        var print = new Option<bool>("--print") { Description = "Print the nvidia-smi lines and server flags instead of applying them" };
        var command = new Command("apply", "Apply a run's recommended configuration (journaled, restorable), or print how to with --print.");
        command.Arguments.Add(run);
        stores.AddTo(command);
        command.Options.Add(print);
        command.SetAction((parse, cancellationToken) => StoreCommand.RunAsync(console, parse.GetValue(stores.Store), stores.StateDirectory(parse), async store =>
        {
            var (_, result) = await RunLocator.LocateAsync(parse.GetValue(run)!, store, stores.StateDirectory(parse), cancellationToken);
            if (result.Selection.Recommended is not { } chosen)
            {
                await console.Error.WriteLineAsync($"mlenergy: run '{parse.GetValue(run)}' has no recommendation: no configuration met the SLO ({result.Slo})");
                return ExitCode.NoConfigurationMeetsSlo;
            }

            if (parse.GetValue(print))
            {
                foreach (var line in ApplyPlanBuilder.Build(result.Space, chosen.Configuration).Lines())
                {
                    await console.Out.WriteLineAsync(line);
                }

                return ExitCode.Success;
            }

            var applier = ConfigurationAppliers.For(result.Space.Target);
            if (applier.CannotApplyReason is { } reason)
            {
                await console.Error.WriteLineAsync($"mlenergy: {reason}");
                return ExitCode.UsageError;
            }

            await applier.ApplyAsync(result.Space, chosen.Configuration, cancellationToken);
            await console.Out.WriteLineAsync($"Applied {chosen.Configuration.Key}; 'mlenergy restore' puts the previous settings back.");
            return ExitCode.Success;
        }, cancellationToken));
        return command;
    }
}
