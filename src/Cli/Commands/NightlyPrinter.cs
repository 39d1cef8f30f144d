using MLEnergy.Cli.Output;
using MLEnergy.Recommender.Results;
using MLEnergy.Runtime.Nightly;
using MLEnergy.Runtime.State;

namespace MLEnergy.Cli.Commands;

/// <summary>Prints what a nightly run found and turns it into the exit code a scheduler reads.</summary>
internal sealed class NightlyPrinter(IConsoleOutput console)
{
    public async Task<int> PrintAsync(NightlyOutcome outcome, bool json)
    {
        foreach (var finding in outcome.Findings)
        {
            await console.Error.WriteLineAsync($"  {finding}");
        }

        if (outcome.Retune is not { } retune)
        {
            await console.Out.WriteLineAsync("Nightly check: no drift; the last recommendation holds.");
            await console.Out.WriteLineAsync(
                $"Reports: {Path.Combine(outcome.CheckFolder!.Path, RunFolderWriter.MarkdownReport)}"
            );
            return (int)ExitCode.Success;
        }

        if (json)
        {
            await console.Out.WriteAsync(ResultJsonWriter.Write(retune.Result));
        }
        else
        {
            await console.Out.WriteLineAsync(
                outcome.FirstRun
                    ? "Nightly check: no earlier recommendation; tuned from scratch."
                    : $"Nightly check: drift in "
                        + $"{string.Join(", ", outcome.Drifted.Select(f => $"{f.Metric} of the {f.Role}"))}; re-tuned."
            );
            SummaryTextWriter.Write(console.Out, retune.Result);
            await console.Out.WriteLineAsync(
                $"Reports: {Path.Combine(retune.Folder.Path, RunFolderWriter.MarkdownReport)}, "
                    + $"{Path.Combine(retune.Folder.Path, RunFolderWriter.HtmlReport)} (run {retune.RunId})"
            );
        }

        return (int)(retune.Result.Selection.Feasible ? ExitCode.NightlyRetuned : ExitCode.NoConfigurationMeetsSlo);
    }
}
