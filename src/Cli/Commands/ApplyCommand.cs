using System.CommandLine;
using System.Globalization;
using MLEnergy.Cli.Output;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Selection;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Apply;
using MLEnergy.Runtime.History;
using MLEnergy.Runtime.Requests;

namespace MLEnergy.Cli.Commands;

/// <summary>
/// <c>mlenergy apply RUN</c>: puts a run's recommendation in place; <c>--print</c> prints the commands instead.
/// </summary>
internal static class ApplyCommand
{
    public static Command Create(IConsoleOutput console)
    {
        var stores = new StoreOptions();
        var run = new Argument<string>("RUN")
        {
            Description = "Run id (see 'mlenergy history'), 'latest', or a run folder",
        };
        var print = new Option<bool>("--print")
        {
            Description = "Print the nvidia-smi lines and server flags instead of applying them",
        };
        var dryRun = new Option<bool>("--dry-run")
        {
            Description = "Print every change apply would make and make none",
        };
        var format = new Option<string>("--format")
        {
            Description =
                "With --print: shell (default), vllm (the serving command), systemd (a unit that sets the GPU "
                + "clocks and power limit at boot), k8s (the pod annotation of NVIDIA Dynamo's power agent)",
            DefaultValueFactory = _ => "shell",
        };
        format.AcceptOnlyFromAmong([.. ApplySnippets.Formats]);
        var force = new Option<bool>("--force")
        {
            Description =
                "Apply (or print) the best configuration even when the run recommends keeping the current one",
        };
        var gpus = new Option<string?>("--gpus")
        {
            Description =
                "GPUs to set, as NVML indices (e.g. 0,1); every GPU of the host by default; with --print, "
                + "those of the run's GPUs to print commands for (the run's from index 0 by default)",
        };
        var command = new Command(
            "apply",
            "Apply a run's recommended GPU clock cap and power limit (journaled; left set until 'mlenergy restore') "
                + "and print the server flags to use;\n"
                + "--print prints the commands instead."
        );
        command.Arguments.Add(run);
        stores.AddTo(command);
        command.Options.Add(print);
        command.Options.Add(dryRun);
        command.Options.Add(gpus);
        command.Options.Add(format);
        command.Options.Add(force);
        command.SetAction(
            (parse, cancellationToken) =>
                StoreCommand.RunAsync(
                    parse.GetValue(stores.Store),
                    stores.StateDirectory(parse),
                    async store =>
                    {
                        var gpuIndices = OptionValues.GpuIndices(parse.GetValue(gpus));
                        RefuseUnused(parse, parse.GetValue(print), parse.GetValue(format)!, gpus, format, dryRun);
                        var (_, result, _) = await RunLocator.LocateAsync(
                            parse.GetValue(run)!,
                            store,
                            stores.StateDirectory(parse),
                            cancellationToken
                        );
                        if (result.Selection.Recommended is not { } chosen)
                        {
                            await console.Error.WriteLineAsync(
                                $"mlenergy: run '{parse.GetValue(run)}' has no recommendation: no configuration met "
                                    + $"the SLO ({result.Slo})"
                            );
                            return ExitCode.NoConfigurationMeetsSlo;
                        }

                        if (result.Selection.Decision == Decision.KeepCurrent && !parse.GetValue(force))
                        {
                            await console.Error.WriteLineAsync(
                                $"mlenergy: run '{parse.GetValue(run)}': {DecisionText.Headline(result)} "
                                    + "Nothing to apply; "
                                    + $"--force applies its best configuration ({chosen.Configuration.Key}) anyway"
                            );
                            return ExitCode.KeepCurrentConfiguration;
                        }

                        if (parse.GetValue(print))
                        {
                            PrintedGpus.Check(result, chosen.Configuration, gpuIndices, parse.GetValue(run)!);
                            var facts = GpuFactsLookup.For(
                                result.Space.GpuModel,
                                TargetSpec.Parse(result.Space.Target).HasHost ? NvmlGpuControl.Open : null
                            );
                            await WriteLinesAsync(
                                console.Out,
                                ApplySnippets.Lines(
                                    parse.GetValue(format)!,
                                    result.Space,
                                    chosen.Configuration,
                                    facts,
                                    result.Selection.Baseline?.Configuration,
                                    gpuIndices
                                )
                            );
                            return ExitCode.Success;
                        }

                        var settings = new ApplySettings(stores.StateDirectory(parse))
                        {
                            Gpus = gpuIndices,
                            DryRun = parse.GetValue(dryRun),
                        };
                        var applier = ConfigurationAppliers.For(TargetSpec.Parse(result.Space.Target), settings);
                        if (applier.CannotApplyReason is { } reason)
                        {
                            await console.Error.WriteLineAsync($"mlenergy: {reason}");
                            return ExitCode.UsageError;
                        }

                        var lines = await applier.ApplyAsync(result.Space, chosen.Configuration, cancellationToken);
                        await console.Out.WriteLineAsync(
                            settings.DryRun
                                ? $"dry run: applying {chosen.Configuration.Key} would do this; nothing was changed"
                                : $"Applied {chosen.Configuration.Key}:"
                        );
                        await WriteLinesAsync(console.Out, lines.Select(l => "  " + l));
                        return ExitCode.Success;
                    },
                    cancellationToken
                )
        );
        return command;
    }

    /// <summary>Options that the chosen mode would not use, refused by name before the run is read.</summary>
    private static void RefuseUnused(
        ParseResult parse,
        bool print,
        string format,
        Option gpus,
        Option formatOption,
        Option dryRun
    )
    {
        if (!print)
        {
            OptionValues.RefuseGiven(
                parse,
                "shapes what --print prints: add --print, or leave it out to apply",
                formatOption
            );
            return;
        }

        OptionValues.RefuseGiven(parse, "is what --print is already: --print changes nothing on the host", dryRun);
        if (!ApplySnippets.NamesGpus(format))
        {
            OptionValues.RefuseGiven(
                parse,
                $"picks the GPUs of the nvidia-smi lines, and --format {format} names no GPU: leave --gpus out, or "
                    + "use --format shell or systemd",
                gpus
            );
        }
    }

    private static async Task WriteLinesAsync(TextWriter writer, IEnumerable<string> lines)
    {
        foreach (var line in lines)
        {
            await writer.WriteLineAsync(line);
        }
    }
}
