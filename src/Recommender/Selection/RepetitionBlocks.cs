using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Selection;

/// <summary>
/// A run's full trials of one metric, each with its repetition: the n-th trial of a configuration (counted in run
/// order over all its trials, cap twins pooled under their representative) is its repetition n, as the tuning loop
/// numbers them, and repetition n of every configuration replays the same load (the simulated host's seed n; a real
/// host's seeded request stream, the same for every trial). Repetitions are blocks of a two-way layout in logs
/// (configuration + repetition), whose residual spread is the noise a comparison of two configurations at the same
/// repetitions carries: the load's share cancels in the pair.
/// </summary>
public sealed class RepetitionBlocks
{
    private readonly List<(Configuration Configuration, int Repetition, double Value)> _trials;

    private RepetitionBlocks(List<(Configuration, int, double)> trials) => _trials = trials;

    /// <summary>
    /// Numbers <paramref name="trials"/> (a run's, in run order, cap twins pooled) by repetition and keeps the full,
    /// valid ones (a trial short only of samples measured what it measured) with a positive <paramref name="metric"/>.
    /// </summary>
    public static RepetitionBlocks Of(IReadOnlyList<Observation> trials, string metric)
    {
        var seen = new Dictionary<Configuration, int>();
        var kept = new List<(Configuration, int, double)>();
        foreach (var trial in trials)
        {
            var repetition = seen.GetValueOrDefault(trial.Configuration);
            seen[trial.Configuration] = repetition + 1;
            if (
                trial.Fidelity == TrialFidelity.Full
                && (!trial.Invalid || trial.ShortOfSamples)
                && trial.Metric(metric) is > 0 and var value
            )
            {
                kept.Add((trial.Configuration, repetition, value));
            }
        }

        return new RepetitionBlocks(kept);
    }

    /// <summary>
    /// The repetitions at which both configurations have a kept trial, each with the two values (first, second).
    /// </summary>
    public IReadOnlyList<(double First, double Second)> Shared(Configuration first, Configuration second)
    {
        var other = _trials.Where(t => t.Configuration.Equals(second)).ToDictionary(t => t.Repetition, t => t.Value);
        return
        [
            .. _trials
                .Where(t => t.Configuration.Equals(first) && other.ContainsKey(t.Repetition))
                .Select(t => (t.Value, other[t.Repetition])),
        ];
    }

    /// <summary>
    /// The residual standard deviation of the log values under an additive configuration + repetition model (least
    /// squares over the configurations with two or more kept trials), with its degrees of freedom: trials less
    /// configurations less repetitions plus the connected groups of the layout. 0 with no degrees of freedom.
    /// </summary>
    public double ResidualLogSpread(out int freedom)
    {
        var repeated = _trials
            .GroupBy(t => t.Configuration)
            .Where(g => g.Count() > 1)
            .SelectMany(g => g)
            .Select(t => (t.Configuration, t.Repetition, Log: Math.Log(t.Value)))
            .ToList();
        var configurations = repeated.Select(t => t.Configuration).Distinct().ToList();
        var repetitions = repeated.Select(t => t.Repetition).Distinct().ToList();
        freedom = repeated.Count - configurations.Count - repetitions.Count + Groups(repeated);
        if (freedom <= 0)
        {
            freedom = 0;
            return 0;
        }

        // Alternating means (Gauss-Seidel on the normal equations) converge to the least-squares fit.
        var byConfiguration = repeated.GroupBy(t => t.Configuration).Select(g => g.ToList()).ToList();
        var byRepetition = repeated.GroupBy(t => t.Repetition).Select(g => g.ToList()).ToList();
        var level = configurations.ToDictionary(c => c, _ => 0.0);
        var load = repetitions.ToDictionary(r => r, _ => 0.0);
        for (var sweep = 0; sweep < 10_000; sweep++)
        {
            foreach (var group in byConfiguration)
            {
                level[group[0].Configuration] = group.Average(t => t.Log - load[t.Repetition]);
            }

            var moved = 0.0;
            foreach (var group in byRepetition)
            {
                var next = group.Average(t => t.Log - level[t.Configuration]);
                moved = Math.Max(moved, Math.Abs(next - load[group[0].Repetition]));
                load[group[0].Repetition] = next;
            }

            if (moved < 1e-12)
            {
                break;
            }
        }

        var squares = repeated.Sum(t => Math.Pow(t.Log - level[t.Configuration] - load[t.Repetition], 2));
        return Math.Sqrt(squares / freedom);
    }

    /// <summary>Connected groups of configurations linked by a shared repetition.</summary>
    private static int Groups(List<(Configuration Configuration, int Repetition, double Log)> trials)
    {
        var parent = new Dictionary<string, string>();
        string Root(string node)
        {
            while (parent[node] != node)
            {
                node = parent[node] = parent[parent[node]];
            }

            return node;
        }

        foreach (var (configuration, repetition, _) in trials)
        {
            var (c, r) = ("c" + configuration.Key, "r" + repetition);
            parent.TryAdd(c, c);
            parent.TryAdd(r, r);
            parent[Root(c)] = Root(r);
        }

        return parent.Keys.Count(n => Root(n) == n);
    }
}
