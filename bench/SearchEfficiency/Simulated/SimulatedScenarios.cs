using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Targets.Simulated;
using MLEnergy.SearchEfficiency.Scenarios;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Load;

namespace MLEnergy.SearchEfficiency.Simulated;

/// <summary>
/// The simulated H100 host of search-spaces/sim-h100-llm.yaml with the clock cap every 45 MHz (28 levels ×
/// 5 power limits × 7 batch sizes × 4 tensor-parallel degrees = 3,920 configurations), for six model and
/// load pairs, two SLOs each (p99 TPOT near the bound a quarter of the configurations meet, p50 ITL near
/// the bound half of them meet) and noise seeds: 24 scenarios by default, measurement noise on.
/// </summary>
public static class SimulatedScenarios
{
    private static readonly (string Model, string Load)[] Pairs =
    [
        ("Qwen/Qwen3-8B", "saturate"),
        ("Qwen/Qwen3-8B", "poisson:20"),
        ("Qwen/Qwen3-14B", "concurrency:64"),
        ("meta-llama/Llama-3.1-8B-Instruct", "poisson:8"),
        ("meta-llama/Llama-3.1-70B-Instruct", "saturate"),
        ("google/gemma-3-27b-it", "concurrency:32"),
    ];

    private static readonly (LatencyMetric Metric, Statistic Statistic, double Share)[] Slos =
    [
        (LatencyMetric.Tpot, Statistic.P99, 0.25),
        (LatencyMetric.Itl, Statistic.P50, 0.5),
    ];

    public static IEnumerable<Scenario> All(string spaceFile, int seeds, TextWriter? log = null)
    {
        var host = SimulatedHosts.CreateDefault();
        var space = Finer(SearchSpaceYamlReader.ReadFile(spaceFile));
        foreach (var (model, load) in Pairs)
        {
            var watch = System.Diagnostics.Stopwatch.StartNew();
            var table = new SimulatedTruthTable(host, space, model, LoadSpec.Parse(load)).Fill();
            log?.WriteLine(
                Text($"  simulated {model} {load}: {space.Enumerate().Count()} configurations in ")
                    + Text($"{watch.Elapsed.TotalSeconds:0.0} s")
            );
            foreach (var (metric, statistic, share) in Slos)
            {
                var constraint = new SloConstraint(
                    metric,
                    statistic,
                    Bound(table, MetricNames.Latency(metric, statistic), share)
                );
                var slo = new ServiceLevelObjective([constraint]);
                for (var seed = 1; seed <= seeds; seed++)
                {
                    var noiseSeed = seed;
                    yield return new Scenario(
                        "sim-h100",
                        Text($"{model.Split('/')[^1]} {load} {constraint} seed {seed}"),
                        space,
                        slo,
                        () => new NoisyEvaluator(table, noiseSeed),
                        c => TruthOf(table, space, c)
                    );
                }
            }
        }
    }

    /// <summary>The sim-h100-llm space with the clock cap every 45 MHz instead of every 135 MHz.</summary>
    public static SearchSpace Finer(SearchSpace space)
    {
        var clock = space.Knobs.First(k => k.Kind == KnobKind.GpuSmClockCap);
        var levels = KnobRange.Expand(
            clock.Values.Min(v => v.Number!.Value),
            clock.Values.Max(v => v.Number!.Value),
            45
        );
        return space with { Knobs = space.Knobs.Replace(clock, clock with { Values = [.. levels] }) };
    }

    /// <summary>
    /// The latency bound near the one this share of the feasible configurations meets, placed in the middle
    /// of the widest relative gap between true latencies within 15 % of it: a bound inside a cluster of
    /// configurations that all sit within the measurement noise of it could not be decided by any number of trials.
    /// </summary>
    private static double Bound(SimulatedTruthTable table, string metric, double share)
    {
        var values = table
            .Space.Enumerate()
            .Select(table.At)
            .Where(o => o.Feasible && o.Metric(metric) is not null)
            .Select(o => o.Metric(metric)!.Value)
            .Order()
            .ToList();
        var target = values[(int)(share * (values.Count - 1))];
        var near = values.Where(v => v >= target / 1.15 && v <= target * 1.15).Distinct().ToList();
        if (near.Count < 2)
        {
            return target;
        }

        var widest = Enumerable.Range(0, near.Count - 1).MaxBy(i => near[i + 1] / near[i]);
        return Math.Sqrt(near[widest] * near[widest + 1]);
    }

    private static Truth? TruthOf(SimulatedTruthTable table, SearchSpace space, Configuration configuration)
    {
        var exact = table.At(configuration);
        return exact.Feasible && exact.Metric(space.Objective.MetricName()) is { } energy
            ? new Truth(
                energy,
                exact
                    .Metrics.Where(m => m.Key.EndsWith("_ms", StringComparison.Ordinal))
                    .ToDictionary(m => m.Key, m => m.Value)
            )
            : null;
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
