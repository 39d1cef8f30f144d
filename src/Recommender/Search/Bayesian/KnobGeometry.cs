using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Search.Bayesian;

/// <summary>
/// The candidates as points: each tuned knob's value becomes its rank among the values the candidates use,
/// scaled to [0, 1]; with the direction in which latency moves with the knob (up with batch size, down
/// with clock cap and power limit, unknown otherwise) and whether changing it restarts the server.
/// </summary>
internal sealed class KnobGeometry
{
    private readonly Dictionary<Configuration, int> _indexes;
    private readonly Dictionary<long, int> _byRanks;
    private readonly long[] _radix;
    private readonly KnobValue[][] _values;

    public KnobGeometry(SearchSpace space, IReadOnlyList<Configuration> candidates)
    {
        Candidates = candidates;
        var names = space
            .Knobs.Select(k => k.Name)
            .Where(n => candidates.Select(c => c.TryGet(n, out var v) ? v : default).Distinct().Skip(1).Any())
            .ToArray();
        var levels = names.Select(n => candidates.Select(c => c[n]).Distinct().Order().ToArray()).ToArray();
        _values = levels;
        var rankOf = levels.Select(l => l.Select((v, i) => (v, i)).ToDictionary(p => p.v, p => p.i)).ToArray();
        Levels = [.. levels.Select(l => l.Length)];
        Directions = [.. names.Select(n => Direction(space.FindKnob(n)!, levels[Array.IndexOf(names, n)]))];
        Restarts = [.. names.Select(n => space.FindKnob(n)!.RestartsServer)];
        Batches =
        [
            .. names.Select((n, d) => space.FindKnob(n)!.Kind == KnobKind.ServerBatchSize && Directions[d] == 1),
        ];
        _radix = new long[names.Length];
        for (var d = 0; d < names.Length; d++)
        {
            _radix[d] = d == 0 ? 1 : _radix[d - 1] * Levels[d - 1];
        }

        Ranks = [.. candidates.Select(c => names.Select((n, d) => rankOf[d][c[n]]).ToArray())];
        Features =
        [
            .. Ranks.Select(r => r.Select((x, d) => Levels[d] > 1 ? (double)x / (Levels[d] - 1) : 0).ToArray()),
        ];
        _indexes = candidates.Select((c, i) => (c, i)).ToDictionary(p => p.c, p => p.i);
        _byRanks = Enumerable.Range(0, candidates.Count).ToDictionary(i => Key(Ranks[i]), i => i);
    }

    public IReadOnlyList<Configuration> Candidates { get; }

    public int Dimensions => Levels.Length;

    public int[] Levels { get; }

    /// <summary>+1 when latency rises with the knob's value, -1 when it falls, 0 when nothing is known.</summary>
    public int[] Directions { get; }

    public bool[] Restarts { get; }

    /// <summary>Whether the knob is the server's batch size (numeric), along which energy per token falls.</summary>
    public bool[] Batches { get; }

    public int[][] Ranks { get; }

    public double[][] Features { get; }

    /// <summary>The numeric value of a knob's level; null for a knob whose values are not numbers.</summary>
    public double? Value(int dimension, int rank) => _values[dimension][rank].Number;

    public int IndexOf(Configuration configuration) => _indexes.GetValueOrDefault(configuration, -1);

    /// <summary>The candidate with these ranks, or -1 when the constraints excluded it.</summary>
    public int At(int[] ranks) =>
        ranks.Where((r, d) => r < 0 || r >= Levels[d]).Any() ? -1 : _byRanks.GetValueOrDefault(Key(ranks), -1);

    public bool NeedsRestart(int from, int to) =>
        from < 0 || Restarts.Where((r, d) => r && Ranks[from][d] != Ranks[to][d]).Any();

    private long Key(int[] ranks) => ranks.Select((r, d) => r * _radix[d]).Sum();

    private static int Direction(Knob knob, KnobValue[] levels) =>
        !levels.All(v => v.IsNumber)
            ? 0
            : knob.Kind switch
            {
                KnobKind.ServerBatchSize => 1,
                KnobKind.GpuSmClockCap or KnobKind.GpuPowerLimit => -1,
                _ => 0,
            };
}
