using System.Collections.Concurrent;
using System.Globalization;
using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Targets.Simulated;
using MLEnergy.Runtime.Trials;
using MLEnergy.SearchEfficiency.Scenarios;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Load;

namespace MLEnergy.SearchEfficiency.Simulated;

/// <summary>
/// The truth of a simulated scenario from the simulator's own variability: every configuration run with
/// <see cref="Seeds"/> seeds (none of which a strategy's trials use) at full fidelity over the longest window a
/// trial may measure, through the real <see cref="SimulatedEvaluator"/>; the truth is the mean over the seeds of the
/// energy per token and of every latency metric. Tables are cached as text files, one per model, load and space.
/// </summary>
public sealed class SeededTruthTable
{
    /// <summary>The first truth seed; strategies' trials use seeds far below it.</summary>
    public const int FirstSeed = 1_000_000;

    private readonly Dictionary<string, Truth?> _truth;

    private SeededTruthTable(SearchSpace space, Dictionary<string, Truth?> truth)
    {
        Space = space;
        _truth = truth;
    }

    public SearchSpace Space { get; }

    public int Seeds { get; private init; }

    public Truth? At(Configuration configuration) => _truth.GetValueOrDefault(configuration.Key);

    public static SeededTruthTable Load(
        SearchSpace space,
        string model,
        LoadSpec load,
        int seeds,
        string cacheDirectory,
        int threads
    )
    {
        var configurations = space.Enumerate().ToList();
        var name = Sanitize($"{model}_{load}_{space.Variables.GetValueOrDefault("gpus", 8)}gpu_{seeds}seeds");
        var file = Path.Combine(cacheDirectory, $"{name}_{Digest(configurations)}.tsv");
        if (File.Exists(file))
        {
            return new SeededTruthTable(space, Read(file)) { Seeds = seeds };
        }

        var trial = new TrialSettings();
        var longest = trial with { Window = trial.MaxWindow };
        var rows = new ConcurrentDictionary<string, Truth?>();
        var gpu = space.GpuModel ?? "H100-SXM-80GB";
        Parallel.ForEach(
            configurations,
            new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => SimulatedHosts.CreateDefault(),
            (configuration, _, host) =>
            {
                var observations = Enumerable
                    .Range(FirstSeed, seeds)
                    .Select(seed =>
                        new SimulatedEvaluator(host, space, model, gpu, load, seed, slo: null, longest)
                            .EvaluateAsync(new TrialRequest(configuration), CancellationToken.None)
                            .Result
                    )
                    .ToList();
                rows[configuration.Key] = observations.All(o => o.Feasible)
                    ? new Truth(
                        observations.Average(o => o.Metric(space.Objective.MetricName())!.Value),
                        observations[0]
                            .Metrics.Keys.Where(k => k.EndsWith("_ms", StringComparison.Ordinal))
                            .ToDictionary(k => k, k => observations.Average(o => o.Metrics[k]))
                    )
                    : null;
                return host;
            },
            _ => { }
        );
        Directory.CreateDirectory(cacheDirectory);
        Write(file, rows);
        return new SeededTruthTable(space, new Dictionary<string, Truth?>(rows)) { Seeds = seeds };
    }

    private static Dictionary<string, Truth?> Read(string file) =>
        File.ReadLines(file)
            .Select(l => l.Split('\t'))
            .ToDictionary(
                p => p[0],
                p =>
                    p[1] == "infeasible"
                        ? null
                        : new Truth(
                            Number(p[1]),
                            p.Skip(2).Select(m => m.Split('=')).ToDictionary(m => m[0], m => Number(m[1]))
                        )
            );

    private static void Write(string file, IReadOnlyDictionary<string, Truth?> rows)
    {
        var lines = rows.OrderBy(r => r.Key, StringComparer.Ordinal)
            .Select(r =>
                r.Value is not { } t
                    ? $"{r.Key}\tinfeasible"
                    : string.Join(
                        '\t',
                        [
                            r.Key,
                            t.Energy.ToString("R", CultureInfo.InvariantCulture),
                            .. t
                                .Latencies.OrderBy(l => l.Key, StringComparer.Ordinal)
                                .Select(l => $"{l.Key}={l.Value.ToString("R", CultureInfo.InvariantCulture)}"),
                        ]
                    )
            );
        File.WriteAllLines(file + ".part", lines);
        File.Move(file + ".part", file, overwrite: true);
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static string Sanitize(string text) =>
        new([.. text.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '-')]);

    /// <summary>
    /// The configurations and the simulator that measured them (the module version ids of the simulation, the
    /// trial protocol and the rules that judge a trial feasible, which change with their code and data): a changed
    /// simulator or rule never reads a stale table.
    /// </summary>
    private static string Digest(IEnumerable<Configuration> configurations) =>
        Recommender
            .Randomness.StableHash.Of(
                string.Join("|", configurations.Select(c => c.Key))
                    + "|"
                    + typeof(SimulatedHost).Assembly.ManifestModule.ModuleVersionId
                    + "|"
                    + typeof(SimulatedEvaluator).Assembly.ManifestModule.ModuleVersionId
                    + "|"
                    + typeof(Recommender.Observations.KeepUpRule).Assembly.ManifestModule.ModuleVersionId
            )
            .ToString("x8", CultureInfo.InvariantCulture);
}
