using System.CommandLine;
using MLEnergy.Cli.Output;
using MLEnergy.Recommender.Reports;
using MLEnergy.Runtime.Apply;
using MLEnergy.Runtime.History;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.State;

namespace MLEnergy.Cli.Commands;

/// <summary><c>mlenergy report RUN</c>: renders a run's report.md and report.html again from its result.json.</summary>
internal static class ReportCommand
{
    public static Command Create(IConsoleOutput console)
    {
        var stores = new StoreOptions();
        var run = new Argument<string>("RUN")
        {
            Description = "Run id (see 'mlenergy history'), 'latest', or a run folder",
        };
        var price = new Option<double?>("--price-per-kwh")
        {
            Description = "Electricity price per kWh, for cost per day",
        };
        var carbon = new Option<double?>("--gco2-per-kwh")
        {
            Description = "Grid carbon intensity in gCO2e per kWh, for emissions per day",
        };
        var command = new Command(
            "report",
            "Render a run's report.md and report.html again (e.g. with a price or carbon intensity)."
        );
        command.Arguments.Add(run);
        stores.AddTo(command);
        command.Options.Add(price);
        command.Options.Add(carbon);
        command.SetAction(
            (parse, cancellationToken) =>
                StoreCommand.RunAsync(
                    parse.GetValue(stores.Store),
                    stores.StateDirectory(parse),
                    async store =>
                    {
                        var pricePerKwh = OptionValues.FiniteAtLeastZero(parse.GetValue(price), price.Name);
                        var gramsPerKwh = OptionValues.FiniteAtLeastZero(parse.GetValue(carbon), carbon.Name);
                        var (folder, result, id) = await RunLocator.LocateAsync(
                            parse.GetValue(run)!,
                            store,
                            stores.StateDirectory(parse),
                            cancellationToken
                        );
                        var options = new ReportOptions
                        {
                            PricePerKwh = pricePerKwh,
                            GramsCo2PerKwh = gramsPerKwh,
                            RunId = id,
                            HostCanApply = TargetSpec.Parse(result.Space.Target).HasHost,
                            GpuFacts = GpuFactsLookup.FromData(result.Space.GpuModel),
                        };
                        await RunFolderWriter.WriteReportsAsync(folder, result, options, cancellationToken);
                        await console.Out.WriteLineAsync(Path.Combine(folder.Path, RunFolderWriter.MarkdownReport));
                        await console.Out.WriteLineAsync(Path.Combine(folder.Path, RunFolderWriter.HtmlReport));
                        return ExitCode.Success;
                    },
                    cancellationToken
                )
        );
        return command;
    }
}
