using System.CommandLine;
using System.Globalization;
using MLEnergy.Cli.Output;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.History;
using MLEnergy.Runtime.Stores;
using MLEnergy.Units;

namespace MLEnergy.Cli.Commands;

/// <summary>
/// <c>mlenergy history</c>: the runs in the store; <c>--fleet</c> compares hosts that tuned the same model.
/// </summary>
internal static class HistoryCommand
{
    public static Command Create(IConsoleOutput console)
    {
        var stores = new StoreOptions();
        var fleet = new Option<bool>("--fleet")
        {
            Description =
                "Compare hosts that tuned the same problem: model, GPU, SLO, space, pins, throughput floor, load "
                + "and workload (latest recommendation of each)",
        };
        var command = new Command("history", "List the runs in the history store, or compare the hosts of a fleet.");
        stores.AddTo(command);
        command.Options.Add(fleet);
        command.SetAction(
            (parse, cancellationToken) =>
                StoreCommand.RunAsync(
                    parse.GetValue(stores.Store),
                    stores.StateDirectory(parse),
                    async store =>
                    {
                        var runs = await store.ListRunsAsync(cancellationToken);
                        if (parse.GetValue(fleet))
                        {
                            await PrintFleetAsync(console.Out, FleetComparison.Of(runs));
                        }
                        else
                        {
                            await PrintRunsAsync(console.Out, runs, store.Location);
                        }

                        return ExitCode.Success;
                    },
                    cancellationToken
                )
        );
        return command;
    }

    private static async Task PrintRunsAsync(TextWriter output, IReadOnlyList<RunSummary> runs, string location)
    {
        if (runs.Count == 0)
        {
            await output.WriteLineAsync($"No runs yet in {location}.");
            return;
        }

        foreach (var r in runs)
        {
            var recommendation = r.Completion switch
            {
                null => "no result",
                { Recommended: null } => "no configuration meets the SLO",
                var c => $"{Configuration(c.Recommended)} ({ReportFormat.Number(c.Energy)} "
                    + $"{ObjectiveKinds.UnitOf(c.EnergyMetric)}, "
                    + $"{c.LatencyMetric} {ReportFormat.Number(c.Latency)} ms, "
                    + (
                        c.SavingsPercent is { } s
                            ? $"{ReportFormat.Percent(-s)} energy against the baseline)"
                            : "no savings quoted)"
                    ),
            };
            await output.WriteLineAsync(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"{r.Run.Id}  {r.Run.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm} UTC  {r.Status}  "
                        + $"{CountText.Of(r.Trials, "trial")}  {r.Run.Kind}  host {r.Run.HostId}"
                )
            );
            await output.WriteLineAsync(
                $"  {r.Run.Model ?? r.Run.Space}{(r.Run.Gpu is { } gpu ? $" on {gpu}" : string.Empty)}, "
                    + $"SLO {r.Run.Slo}: {recommendation}"
            );
        }
    }

    /// <summary>A stored configuration key (knobs joined by commas) as the terminal and reports write it.</summary>
    private static string Configuration(string key) => key.Replace(",", " ", StringComparison.Ordinal);

    private static async Task PrintFleetAsync(TextWriter output, IReadOnlyList<FleetComparison> fleet)
    {
        if (fleet.Count == 0)
        {
            await output.WriteLineAsync("No finished runs with a model yet.");
            return;
        }

        foreach (var model in fleet)
        {
            await output.WriteLineAsync(
                $"{model.Model} on {model.Gpu}, SLO {model.Slo}, {model.Conditions}: "
                    + CountText.Of(model.Hosts.Length, "host")
            );
            foreach (var host in model.Hosts)
            {
                var c = host.Completion;
                await output.WriteLineAsync(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"  {host.HostId, -16} {ReportFormat.Number(c.Energy), 10} "
                            + $"{ObjectiveKinds.UnitOf(c.EnergyMetric)}  "
                            + $"{c.LatencyMetric} {ReportFormat.Number(c.Latency), 8} ms  "
                            + $"{(host.AboveBestPercent is { } p ? $"{ReportFormat.Percent(p)} over best" : "-"), -18} "
                            + $"{(c.Recommended is { } r ? Configuration(r) : "none meets the SLO")}  ({host.RunId})"
                    )
                );
            }
        }
    }
}
