using MLEnergy.Runtime.Targets.Simulated;

namespace MLEnergy.LoadFollowing;

/// <summary>
/// The load-following evaluation: the Azure conversation trace served by simulated H100s under the baseline, the best
/// static configuration, the per-level plan and <c>govern</c>, with the table README shows.
/// </summary>
public static class Evaluation
{
    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        EvaluationOptions options;
        try
        {
            options = EvaluationOptions.Parse(args, RepositoryRoot());
        }
        catch (ArgumentException e)
        {
            await output.WriteLineAsync(e.Message);
            return 2;
        }

        var host = SimulatedHosts.CreateDefault();
        var trace = ScaledTrace.Read(options.TracePath);
        var reports = new List<CaseReport>();
        foreach (var model in options.Models)
        {
            reports.Add(await CaseEvaluation.RunAsync(options, model, host, trace, cancellationToken));
        }

        ResultTable.Write(output, options, reports);
        return 0;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "MLEnergy.Optimizer.sln")))
            {
                return folder.FullName;
            }
        }

        return Directory.GetCurrentDirectory();
    }
}
