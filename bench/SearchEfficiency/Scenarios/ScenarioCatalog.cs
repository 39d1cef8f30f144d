using MLEnergy.SearchEfficiency.Simulated;

namespace MLEnergy.SearchEfficiency.Scenarios;

/// <summary>
/// Every scenario the harness runs, group by group: the simulated H100 host, the synthetic host (with
/// --synthetic), then the replay tables. Files are found above the working directory unless given.
/// </summary>
public static class ScenarioCatalog
{
    public static IEnumerable<Scenario> All(string[] args, TextWriter log)
    {
        var quick = args.Contains("--quick");
        var scenarios = Enumerable.Empty<Scenario>();
        if (
            !args.Contains("--no-sim")
            && Find(args, "--space", Path.Combine("search-spaces", "sim-h100-llm.yaml")) is { } space
        )
        {
            scenarios = scenarios.Concat(SimulatedScenarios.All(space, quick ? 1 : 2, log));
        }

        if (args.Contains("--synthetic"))
        {
            scenarios = scenarios.Concat(SyntheticScenarios.All(quick ? 1 : 3));
        }

        if (
            !args.Contains("--no-replay")
            && Find(args, "--data", Path.Combine("data", "ml-energy-leaderboard-v3")) is { } data
        )
        {
            scenarios = scenarios.Concat(ReplayScenarios.All(Path.GetDirectoryName(data)!));
        }

        return scenarios;
    }

    /// <summary>
    /// The path after <paramref name="option"/>, else <paramref name="relative"/> in the working directory or above it.
    /// </summary>
    private static string? Find(string[] args, string option, string relative)
    {
        var given = Array.IndexOf(args, option);
        if (given >= 0 && given + 1 < args.Length)
        {
            return args[given + 1];
        }

        for (var dir = new DirectoryInfo(Directory.GetCurrentDirectory()); dir is not null; dir = dir.Parent)
        {
            var path = Path.Combine(dir.FullName, relative);
            if (File.Exists(path) || Directory.Exists(path))
            {
                return path;
            }
        }

        return null;
    }
}
