using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Targets.Simulated;
using MLEnergy.Runtime.Trials;
using MLEnergy.SearchEfficiency.Scenarios;
using MLEnergy.Simulation.Load;

namespace MLEnergy.SearchEfficiency.Simulated;

/// <summary>
/// The simulated H100 host of search-spaces/sim-h100-llm.yaml on a compact grid (10 clock caps × 3 power limits ×
/// 3 batch sizes × 4 tensor-parallel degrees), for eight model and load pairs (light Poisson loads of 1-5 req/s, a
/// 70B model on 4 and on 8 GPUs, a saturated host, a bursty trace), three SLOs each (p99 and p90 TPOT, p99 or p90
/// TTFT, each near the bound a share of the configurations truly meet): 24 scenarios. Strategies run the real
/// <see cref="SimulatedEvaluator"/> (its own seeded variation, the trial protocol of every target); the truth is
/// <see cref="SeededTruthTable"/>'s mean over many other seeds.
/// </summary>
public static class SimulatedScenarios
{
    private static readonly (string Model, string Load, int Gpus)[] Pairs =
    [
        ("Qwen/Qwen3-8B", "poisson:3", 8),
        ("google/gemma-3-27b-it", "poisson:3", 8),
        ("meta-llama/Llama-3.1-8B-Instruct", "poisson:1", 8),
        ("Qwen/Qwen3-14B", "poisson:5", 8),
        ("meta-llama/Llama-3.1-70B-Instruct", "poisson:2", 4),
        ("meta-llama/Llama-3.1-70B-Instruct", "concurrency:32", 8),
        ("Qwen/Qwen3-8B", "saturate", 8),
        ("Qwen/Qwen3-8B", "trace", 8),
    ];

    public static IEnumerable<Scenario> All(string spaceFile, SimulatedHarnessOptions options, TextWriter? log = null)
    {
        var host = SimulatedHosts.CreateDefault();
        var trial = options.FixedWindow ? new TrialSettings { MaxWindow = new TrialSettings().Window } : null;
        var shipped = SearchSpaceYamlReader.ReadFile(spaceFile);
        for (var pair = 0; pair < Pairs.Length; pair++)
        {
            if (options.Pairs.Count > 0 && !options.Pairs.Contains(pair + 1))
            {
                continue;
            }

            var (model, loadText, gpus) = Pairs[pair];
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var (space, load, truth) = Truth(shipped, pair, options);
            log?.WriteLine(
                Text($"  simulated {model} {loadText} on {gpus} GPUs: {space.Enumerate().Count()} configurations, ")
                    + Text($"truth over {options.TruthSeeds} seeds in {watch.Elapsed.TotalSeconds:0.0} s")
            );
            foreach (var (metric, statistic, share) in Slos(pair))
            {
                var constraint = new SloConstraint(
                    metric,
                    statistic,
                    Bound(truth, MetricNames.Latency(metric, statistic), share)
                );
                var slo = new ServiceLevelObjective([constraint]);
                for (var seed = 1; seed <= options.RunSeeds; seed++)
                {
                    var trialSeed = seed * 7;
                    yield return new Scenario(
                        "sim-h100",
                        Text($"{model.Split('/')[^1]} {loadText} {gpus}gpu {constraint} seed {seed}"),
                        space,
                        slo,
                        () =>
                            new SimulatedEvaluator(
                                host,
                                space,
                                model,
                                space.GpuModel ?? "H100-SXM-80GB",
                                load,
                                trialSeed,
                                slo,
                                trial
                            ),
                        truth.At
                    )
                    {
                        CloserTruth = truth.Closer,
                    };
                }
            }
        }
    }

    /// <summary>
    /// The tail probe (<see cref="TailProbe"/>) of one configuration in every scenario of the chosen pairs whose SLO
    /// names <paramref name="metric"/>.
    /// </summary>
    public static void Probe(
        string spaceFile,
        SimulatedHarnessOptions options,
        string configuration,
        string metric,
        int seeds,
        bool truthWindowOnly,
        TextWriter output
    )
    {
        var host = SimulatedHosts.CreateDefault();
        var shipped = SearchSpaceYamlReader.ReadFile(spaceFile);
        foreach (var pair in options.Pairs.Select(p => p - 1))
        {
            var (model, loadText, _) = Pairs[pair];
            var (space, load, truth) = Truth(shipped, pair, options);
            foreach (var (latency, statistic, share) in Slos(pair))
            {
                var name = MetricNames.Latency(latency, statistic);
                if (!name.Contains(metric, StringComparison.Ordinal))
                {
                    continue;
                }

                var slo = new ServiceLevelObjective([new SloConstraint(latency, statistic, Bound(truth, name, share))]);
                var config = space.Enumerate().First(c => c.Key == configuration);
                output.WriteLine(Text($"{model} {loadText} {slo.Constraints[0]}: {configuration}"));
                new TailProbe(host, space, model, load, slo, config, seeds, truth.At(config), truthWindowOnly).Write(
                    output
                );
            }
        }
    }

    /// <summary>
    /// The shared-seed probe (<see cref="SharedSeedProbe"/>) of every SLO of the chosen pairs: the
    /// <paramref name="configurations"/> configurations within a factor <paramref name="width"/> of each bound,
    /// <paramref name="repetitions"/> repetitions at each run seed.
    /// </summary>
    public static void Shares(
        string spaceFile,
        SimulatedHarnessOptions options,
        int configurations,
        int repetitions,
        double width,
        TextWriter output
    )
    {
        var host = SimulatedHosts.CreateDefault();
        var shipped = SearchSpaceYamlReader.ReadFile(spaceFile);
        var runs = Enumerable.Range(1, options.RunSeeds).ToList();
        foreach (var pair in options.Pairs.Select(p => p - 1))
        {
            var (model, _, _) = Pairs[pair];
            var (space, load, truth) = Truth(shipped, pair, options);
            foreach (var (latency, statistic, share) in Slos(pair))
            {
                var name = MetricNames.Latency(latency, statistic);
                var slo = new ServiceLevelObjective([new SloConstraint(latency, statistic, Bound(truth, name, share))]);
                new SharedSeedProbe(
                    host,
                    space,
                    model,
                    load,
                    slo,
                    truth.At,
                    configurations,
                    repetitions,
                    options.Threads,
                    width
                ).Write(output, runs);
            }
        }
    }

    /// <summary>A pair's space and load, and their truth table (cached).</summary>
    private static (SearchSpace Space, LoadSpec Load, SeededTruthTable Truth) Truth(
        SearchSpace shipped,
        int pair,
        SimulatedHarnessOptions options
    )
    {
        var (space, load) = Build(shipped, pair, options);
        var truth = SeededTruthTable.Load(
            space,
            Pairs[pair].Model,
            load,
            options.TruthSeeds,
            options.CacheDirectory,
            options.Threads
        );
        return (space, load, truth);
    }

    private static (SearchSpace Space, LoadSpec Load) Build(
        SearchSpace shipped,
        int pair,
        SimulatedHarnessOptions options
    )
    {
        var (model, loadText, gpus) = Pairs[pair];
        var load =
            loadText == "trace"
                ? LoadSpec.FromTrace(BurstyTrace.Ensure(options.CacheDirectory))
                : LoadSpec.Parse(loadText);
        return (Compact(shipped, gpus) with { Model = model }, load);
    }

    private static IEnumerable<(LatencyMetric Metric, Statistic Statistic, double Share)> Slos(int pair) =>
        [
            (LatencyMetric.Tpot, Statistic.P99, 0.25),
            (LatencyMetric.Tpot, Statistic.P90, 0.5),
            (LatencyMetric.Ttft, pair % 2 == 0 ? Statistic.P99 : Statistic.P90, 0.4),
        ];

    /// <summary>The sim-h100-llm space on <paramref name="gpus"/> GPUs, fewer power limits and batch sizes.</summary>
    public static SearchSpace Compact(SearchSpace space, int gpus)
    {
        var knobs = space.Knobs;
        foreach (
            var (kind, values) in new[]
            {
                (KnobKind.GpuPowerLimit, new double[] { 300, 500, 700 }),
                (KnobKind.ServerBatchSize, [16, 64, 256]),
            }
        )
        {
            var knob = knobs.First(k => k.Kind == kind);
            knobs = knobs.Replace(knob, knob with { Values = [.. values.Select(KnobValue.Of)] });
        }

        return space with
        {
            Knobs = knobs,
            Variables = space.Variables.SetItem("gpus", gpus),
        };
    }

    /// <summary>
    /// The latency bound near the one this share of the feasible configurations truly meets, placed in the middle
    /// of the widest relative gap between true latencies within 15 % of it: a bound inside a cluster of
    /// configurations that all sit within the measurement noise of it could not be decided by any number of trials.
    /// </summary>
    private static double Bound(SeededTruthTable table, string metric, double share)
    {
        var values = table
            .Space.Enumerate()
            .Select(table.At)
            .Where(t => t is not null && t.Latencies.ContainsKey(metric))
            .Select(t => t!.Latencies[metric])
            .Order()
            .ToList();
        var target = values[(int)(share * (values.Count - 1))];
        var near = values.Where(v => v >= target / 1.15 && v <= target * 1.15).Distinct().ToList();
        if (near.Count < 2)
        {
            return Math.Round(target, 1);
        }

        var widest = Enumerable.Range(0, near.Count - 1).MaxBy(i => near[i + 1] / near[i]);
        return Math.Round(Math.Sqrt(near[widest] * near[widest + 1]), 1);
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
