using System.Diagnostics;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Tests.Support;
using MLEnergy.SearchEfficiency.Reporting;
using MLEnergy.SearchEfficiency.Running;
using MLEnergy.SearchEfficiency.Scenarios;

namespace MLEnergy.SearchEfficiency;

/// <summary>
/// Runs every strategy over the scenarios and prints one table; random gets the trials auto used in the
/// same scenario. Then auto alone on spaces of about 1,000, 10,000 and 100,000 configurations.
/// Options: --quick (fewer scenarios), --no-grid, --no-scale, --only-scale, --no-sim, --no-replay, --synthetic,
/// --only TEXT (scenarios whose name contains it), --verbose, --trace (per run: why its gap is what it is, then every
/// trial), --space FILE, --data DIR; simulated scenarios: --pairs 1,2 (model and load pairs, 1-based), --runs N
/// (strategy runs per scenario), --truth-seeds N (at least 10), --threads N (filling truth tables and the closer
/// truth of the optimum, <see cref="CloserOptimum"/>), --cache DIR
/// (truth tables, default in TMP), --fixed-window (trials never extend their window: the protocol before, for
/// comparison); --tails KEY: that configuration's SLO metric per protocol, window and seed set instead
/// (<see cref="Simulated.TailProbe"/>); --shares: the share of a trial's spread that every configuration shares at
/// the same repetition (<see cref="Simulated.SharedSeedProbe"/>); --certifiable: after each auto run, which
/// configurations within 3 % of the optimum that run's trials could certify at all
/// (<see cref="CertifiableReference"/>); --confidence P: the SLO confidence every strategy and the reference certify
/// at (<see cref="SloConfidence"/>; default 95 %).
/// </summary>
public static class Harness
{
    private static MLEnergy.Recommender.Search.Bayesian.AutoOptions Tweaks()
    {
        var o = MLEnergy.Recommender.Search.Bayesian.AutoOptions.Default;
        double Env(string n, double d) =>
            double.TryParse(
                Environment.GetEnvironmentVariable(n),
                System.Globalization.CultureInfo.InvariantCulture,
                out var v
            )
                ? v
                : d;
        return o with
        {
            MinExpectedImprovement = Env("EI", o.MinExpectedImprovement),
            Screening = Env("SCREEN", 0) > 0,
            InitialTrials = Env("INIT", 0) > 0 ? (int)Env("INIT", 0) : null,
            MaxRepeats = (int)Env("MAXREP", o.MaxRepeats),
            MinPassChance = Env("PASSCHANCE", o.MinPassChance),
            BisectPosition = Env("BISECT", o.BisectPosition),
            SavingFloorErrors = Env("SAVINGFLOOR", o.SavingFloorErrors),
            RepeatByExpectedSaving = Env("VOI", o.RepeatByExpectedSaving ? 1 : 0) > 0,
            HostTimePatience = Env("HOSTPATIENCE", o.HostTimePatience ? 1 : 0) > 0,
            SlackDescent = Env("DESCENT", o.SlackDescent ? 1 : 0) > 0,
            DescentRoomSpreads = Env("DESCENTROOM", o.DescentRoomSpreads),
            MinConfigurationsPerDimension = (int)Env("MINCONF", o.MinConfigurationsPerDimension),
            RepeatDeciding = Env("DECIDING", o.RepeatDeciding ? 1 : 0) > 0,
            PairedDeciding = Env("PAIREDDECIDING", o.PairedDeciding ? 1 : 0) > 0,
        };
    }

    /// <summary>Trials at most per scale run, so that a run that does not converge still ends.</summary>
    private const int ScaleTrialCap = 150;

    private static string? Option(string[] args, string name) =>
        Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : null;

    public static async Task<int> RunAsync(string[] args, TextWriter output, CancellationToken cancellationToken)
    {
        if (args.Contains("--fleet"))
        {
            return await Fleet.FleetBench.RunAsync(args, output, cancellationToken);
        }

        if (args.Contains("--tails"))
        {
            return ScenarioCatalog.Probe(args, output);
        }

        if (args.Contains("--shares"))
        {
            return ScenarioCatalog.Shares(args, output);
        }

        var confidence = Option(args, "--confidence") is { } level ? SloConfidence.Parse(level) : SloConfidence.Default;
        var quick = args.Contains("--quick");
        var watch = Stopwatch.StartNew();
        var runner = new ScenarioRunner
        {
            Trace = args.Contains("--trace") ? output : null,
            Log = output,
            OracleThreads = int.TryParse(Option(args, "--threads"), out var threads) ? threads : 2,
        };
        var scenarios = args.Contains("--only-scale")
            ? []
            : ScenarioCatalog
                .All(args, output)
                .Where(s =>
                    Option(args, "--only") is not { } only || s.Name.Contains(only, StringComparison.OrdinalIgnoreCase)
                )
                .Select(s => s with { Slo = s.Slo with { Confidence = confidence } })
                .ToList();
        var outcomes = new List<Outcome>();
        var certifiable = args.Contains("--certifiable")
            ? new CertifiableReference
            {
                MaxRepeats = Tweaks().MaxRepeats,
                ConfirmTrials = Tweaks().ConfirmTrials,
                Threads = runner.OracleThreads,
            }
            : null;
        var references = new List<(CertifiableRun, Outcome)>();
        foreach (var scenario in scenarios)
        {
            if (args.Contains("--verbose"))
            {
                output.WriteLine($"  oracle {scenario.Name}: {Oracle.BestConfiguration(scenario)}");
            }

            var seed = scenario.Name.Length;
            var auto = await runner.RunAsync(
                scenario,
                StrategyFactory.Create("auto", seed, Tweaks()),
                TuningBudget.Unlimited,
                cancellationToken
            );
            outcomes.Add(auto);
            if (certifiable is not null)
            {
                var reference = await certifiable.MeasureAsync(
                    scenario,
                    runner.OptimumOf(scenario),
                    runner.CloserOptimumOf(scenario),
                    cancellationToken
                );
                references.Add((reference, auto));
                output.WriteLine(CertifiableTable.Line(reference, auto));
                foreach (var line in runner.Trace is null ? [] : CertifiableTable.Trace(reference, auto))
                {
                    output.WriteLine(line);
                }
            }

            outcomes.Add(
                await runner.RunAsync(
                    scenario,
                    StrategyFactory.Create("random", seed),
                    TuningBudget.Trials(Math.Max(1, auto.Trials)),
                    cancellationToken
                )
            );
            var screened = StrategyFactory.Create("auto", seed, Tweaks() with { Screening = true });
            outcomes.Add(
                await runner.RunAsync(
                    scenario,
                    new NamedStrategy("auto+screen", screened),
                    TuningBudget.Unlimited,
                    cancellationToken
                )
            );
            if (!args.Contains("--no-grid"))
            {
                outcomes.Add(
                    await runner.RunAsync(
                        scenario,
                        StrategyFactory.Create("grid", seed),
                        TuningBudget.Unlimited,
                        cancellationToken
                    )
                );
            }
        }

        if (outcomes.Count > 0)
        {
            output.WriteLine(
                $"search efficiency: {scenarios.Count} scenarios, random at auto's trial count, "
                    + $"SLO confidence {confidence}"
            );
            SummaryTable.Write(output, outcomes);
            output.WriteLine();
            SavingsTable.Write(output, outcomes);
            output.WriteLine();
            CertifiableTable.Write(output, references);
        }

        if (args.Contains("--verbose"))
        {
            foreach (var o in outcomes.Where(o => o.Strategy == "auto"))
            {
                output.WriteLine(
                    SummaryTable.Format(
                        $"  {o.Scenario}: {o.Trials} trials, {o.Configurations} of {o.Candidates} configs, gap "
                    ) + SummaryTable.Format($"{o.Gap:P2}; {o.StopReason}; chose {o.Recommended}")
                );
            }
        }

        if (!args.Contains("--no-scale"))
        {
            output.WriteLine();
            output.WriteLine("auto as the space grows (synthetic 8B model, itl p50 <= 25 ms)");
            var scale = new List<Outcome>();
            foreach (var size in new[] { 1_000, 10_000, 100_000 })
            {
                foreach (var seed in quick ? [1] : new[] { 1, 2, 3 })
                {
                    var scenario = SyntheticScenarios.Create(
                        SyntheticSpaces.OfSize(size),
                        SyntheticModel.Small,
                        25,
                        seed
                    ) with
                    {
                        Group = $"scale-{size / 1000}k",
                    };
                    scale.Add(
                        await runner.RunAsync(
                            scenario,
                            StrategyFactory.Create("auto", seed, Tweaks()),
                            TuningBudget.Trials(ScaleTrialCap),
                            cancellationToken
                        )
                    );
                }
            }

            ScaleTable.Write(output, scale);
        }

        output.WriteLine(SummaryTable.Format($"harness wall time {watch.Elapsed.TotalSeconds:0} s"));
        return 0;
    }
}
