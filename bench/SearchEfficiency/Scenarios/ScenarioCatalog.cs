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
            scenarios = scenarios.Concat(SimulatedScenarios.All(space, SimulatedOptions(args), log));
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
    /// `--tails KEY`: instead of running strategies, how that configuration's SLO metric is distributed under each
    /// protocol (<see cref="TailProbe"/>) in the chosen pairs' scenarios whose metric contains `--tail-metric` (ttft),
    /// over `--tail-seeds` (40) truth-protocol seeds; `--tail-truth-window`: only the truth's window, every value.
    /// </summary>
    public static int Probe(string[] args, TextWriter output)
    {
        if (Find(args, "--space", Path.Combine("search-spaces", "sim-h100-llm.yaml")) is not { } space)
        {
            output.WriteLine("search-spaces/sim-h100-llm.yaml not found");
            return 2;
        }

        SimulatedScenarios.Probe(
            space,
            SimulatedOptions(args),
            Option(args, "--tails")!,
            Option(args, "--tail-metric") ?? "ttft",
            Number(args, "--tail-seeds", 40),
            args.Contains("--tail-truth-window"),
            output
        );
        return 0;
    }

    /// <summary>
    /// `--shares`: instead of running strategies, how much of a trial's spread the configurations nearest each bound
    /// share at the same repetition (<see cref="SharedSeedProbe"/>), `--share-configs` (15) configurations whose true
    /// SLO latency lies within a factor `--share-width` (1.1) of the bound, `--share-repetitions` (10) repetitions, at
    /// each of `--runs` run seeds.
    /// </summary>
    public static int Shares(string[] args, TextWriter output)
    {
        if (Find(args, "--space", Path.Combine("search-spaces", "sim-h100-llm.yaml")) is not { } space)
        {
            output.WriteLine("search-spaces/sim-h100-llm.yaml not found");
            return 2;
        }

        SimulatedScenarios.Shares(
            space,
            SimulatedOptions(args),
            Number(args, "--share-configs", 15),
            Number(args, "--share-repetitions", 10),
            Option(args, "--share-width") is { } width
                ? double.Parse(width, System.Globalization.CultureInfo.InvariantCulture)
                : 1.1,
            output
        );
        return 0;
    }

    private static SimulatedHarnessOptions SimulatedOptions(string[] args) =>
        new(
            Math.Max(10, Number(args, "--truth-seeds", 10)),
            Number(args, "--runs", args.Contains("--quick") ? 1 : 2),
            Number(args, "--threads", 2),
            Option(args, "--cache") ?? Path.Combine(Path.GetTempPath(), "mlenergy-search-efficiency"),
            (Option(args, "--pairs") ?? "")
                .Split(',', StringSplitOptions.RemoveEmptyEntries)
                .Select(p => int.Parse(p, System.Globalization.CultureInfo.InvariantCulture))
                .ToHashSet(),
            args.Contains("--fixed-window")
        );

    private static string? Option(string[] args, string option) =>
        Array.IndexOf(args, option) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    private static int Number(string[] args, string option, int fallback) =>
        Option(args, option) is { } text
            ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture)
            : fallback;

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
