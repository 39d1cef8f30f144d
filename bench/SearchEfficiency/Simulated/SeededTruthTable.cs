using System.Collections.Concurrent;
using System.Globalization;
using System.Reflection;
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

    /// <summary>Seeds of <see cref="Closer"/>: a 40-seed mean halves the 10-seed truth's standard error.</summary>
    public const int CloserSeeds = 40;

    private readonly Dictionary<string, Truth?> _truth;
    private readonly Dictionary<string, Truth?> _closer = [];
    private readonly Lock _closerLock = new();
    private bool _closerRead;

    private SeededTruthTable(SearchSpace space, Dictionary<string, Truth?> truth)
    {
        Space = space;
        _truth = truth;
    }

    public SearchSpace Space { get; }

    public int Seeds { get; private init; }

    private string TablePath { get; init; } = "";

    /// <summary>A configuration measured on the seeds from the first given, as many as the second.</summary>
    private Func<Configuration, int, int, Truth?> MeasureMore { get; init; } = (_, _, _) => null;

    public Truth? At(Configuration configuration) => _truth.GetValueOrDefault(configuration.Key);

    /// <summary>
    /// The configuration's truth over <see cref="CloserSeeds"/> seeds (the first ten are the table's, the other 30
    /// measured on first use and pooled with them, each seed weighing one), cached beside the table: for
    /// configurations whose 10-seed truth lies near a bound, where that truth's own error (about 5 % for p99 TTFT at
    /// light loads, shared by every configuration because they share the seeds) could decide a miss. Safe to call
    /// from several threads: a configuration is measured outside the lock.
    /// </summary>
    public Truth? Closer(Configuration configuration)
    {
        var file = TablePath + $".closer{CloserSeeds}";
        lock (_closerLock)
        {
            if (!_closerRead && System.IO.File.Exists(file))
            {
                foreach (var (key, truth) in Read(file))
                {
                    _closer[key] = truth;
                }
            }

            _closerRead = true;
            if (_closer.TryGetValue(configuration.Key, out var known))
            {
                return known;
            }
        }

        var closer = Pooled(At(configuration), configuration);
        lock (_closerLock)
        {
            _closer[configuration.Key] = closer;
            Write(file, _closer);
        }

        return closer;
    }

    /// <summary>
    /// The table's truth pooled with seeds <see cref="Seeds"/> to <see cref="CloserSeeds"/> - 1 after it: the mean
    /// over all of them of the energy and of every latency both hold; null where any seed could not run.
    /// </summary>
    private Truth? Pooled(Truth? table, Configuration configuration)
    {
        if (table is null || Seeds >= CloserSeeds)
        {
            return table;
        }

        if (MeasureMore(configuration, FirstSeed + Seeds, CloserSeeds - Seeds) is not { } more)
        {
            return null;
        }

        double Mean(double first, double rest) => ((Seeds * first) + ((CloserSeeds - Seeds) * rest)) / CloserSeeds;
        return new Truth(
            Mean(table.Energy, more.Energy),
            table
                .Latencies.Where(l => more.Latencies.ContainsKey(l.Key))
                .ToDictionary(l => l.Key, l => Mean(l.Value, more.Latencies[l.Key]))
        );
    }

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
        var gpu = space.GpuModel ?? "H100-SXM-80GB";
        var hosts = new ConcurrentBag<SimulatedHost>();
        Truth? Closer(Configuration configuration, int first, int count)
        {
            var host = hosts.TryTake(out var idle) ? idle : SimulatedHosts.CreateDefault();
            try
            {
                return Measure(host, space, model, gpu, load, configuration, first, count);
            }
            finally
            {
                hosts.Add(host);
            }
        }
        if (System.IO.File.Exists(file))
        {
            return new SeededTruthTable(space, Read(file))
            {
                Seeds = seeds,
                TablePath = file,
                MeasureMore = Closer,
            };
        }

        var rows = new ConcurrentDictionary<string, Truth?>();
        Parallel.ForEach(
            configurations,
            new ParallelOptions { MaxDegreeOfParallelism = threads },
            () => SimulatedHosts.CreateDefault(),
            (configuration, _, host) =>
            {
                rows[configuration.Key] = Measure(host, space, model, gpu, load, configuration, FirstSeed, seeds);
                return host;
            },
            _ => { }
        );
        Directory.CreateDirectory(cacheDirectory);
        Write(file, rows);
        return new SeededTruthTable(space, new Dictionary<string, Truth?>(rows))
        {
            Seeds = seeds,
            TablePath = file,
            MeasureMore = Closer,
        };
    }

    private static Truth? Measure(
        SimulatedHost host,
        SearchSpace space,
        string model,
        string gpu,
        LoadSpec load,
        Configuration configuration,
        int firstSeed,
        int seeds
    )
    {
        var trial = new TrialSettings();
        var longest = trial with { Window = trial.MaxWindow };
        var observations = Enumerable
            .Range(firstSeed, seeds)
            .Select(seed =>
                new SimulatedEvaluator(host, space, model, gpu, load, seed, slo: null, longest)
                    .EvaluateAsync(new TrialRequest(configuration), CancellationToken.None)
                    .Result
            )
            .ToList();
        return observations.All(o => o.Feasible)
            ? new Truth(
                observations.Average(o => o.Metric(space.Objective.MetricName())!.Value),
                observations[0]
                    .Metrics.Keys.Where(k => k.EndsWith("_ms", StringComparison.Ordinal))
                    .ToDictionary(k => k, k => observations.Average(o => o.Metrics[k]))
            )
            : null;
    }

    private static Dictionary<string, Truth?> Read(string file) =>
        System
            .IO.File.ReadLines(file)
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
        System.IO.File.WriteAllLines(file + ".part", lines);
        System.IO.File.Move(file + ".part", file, overwrite: true);
    }

    private static double Number(string text) => double.Parse(text, CultureInfo.InvariantCulture);

    private static string Sanitize(string text) =>
        new([.. text.Select(c => char.IsLetterOrDigit(c) || c is '-' or '.' or '_' ? c : '-')]);

    /// <summary>
    /// The configurations and the sources that measured and judged them (<c>TruthSources</c>, a digest of the
    /// simulator's, the trial protocol's and the feasibility rules' code and data taken when this harness was built;
    /// the search, the selection and the reports are not part of it): a changed simulator or rule never reads a stale
    /// table, and a changed search reads the same tables.
    /// </summary>
    private static string Digest(IEnumerable<Configuration> configurations) =>
        Recommender
            .Randomness.StableHash.Of(
                string.Join("|", configurations.Select(c => c.Key))
                    + "|"
                    + typeof(SeededTruthTable)
                        .Assembly.GetCustomAttributes<AssemblyMetadataAttribute>()
                        .Single(a => a.Key == "TruthSources")
                        .Value
            )
            .ToString("x8", CultureInfo.InvariantCulture);
}
