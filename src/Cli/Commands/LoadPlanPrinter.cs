using MLEnergy.Cli.Output;
using MLEnergy.Recommender.Plans;
using MLEnergy.Recommender.Reports;
using MLEnergy.Runtime.Plans;
using MLEnergy.Runtime.State;

namespace MLEnergy.Cli.Commands;

/// <summary>
/// Prints a finished plan per load level (plan.json with <c>--json</c>) and gives its exit code: 0 when every band
/// meets the SLO, 3 when some band's level could not be served within it (the plan is written all the same).
/// </summary>
internal sealed class LoadPlanPrinter(IConsoleOutput console)
{
    public async Task<int> PrintAsync(LoadPlanOutcome outcome, bool json)
    {
        if (json)
        {
            await console.Out.WriteAsync(LoadPlanJson.Write(outcome.Evaluation.Plan));
        }
        else
        {
            LoadPlanText.Write(console.Out, outcome.Evaluation);
            await console.Out.WriteLineAsync($"Run: {outcome.RunId}");
            await console.Out.WriteLineAsync(
                $"Folder: {outcome.Folder.Path} ({LoadPlanJson.FileName}, {RunFolderWriter.MarkdownReport}, "
                    + $"{RunFolderWriter.HtmlReport}; each lower level in {LoadPlanService.LevelsFolder}/)"
            );
        }

        return outcome.Evaluation.Plan.Bands.All(b => b.MeetsSlo)
            ? (int)ExitCode.Success
            : (int)ExitCode.NoConfigurationMeetsSlo;
    }
}
