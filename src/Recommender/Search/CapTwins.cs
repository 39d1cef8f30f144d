using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Search;

/// <summary>
/// Configurations that differ only in caps none of their trials reached, counted as one (<see cref="KnobReach"/>: GPU
/// power limits, max_num_seqs, SM clock caps). For each such knob and each setting of the other knobs, once a trial ran
/// under a cap it did not reach, every value of the knob at or above the lowest one no trial of that setting reached
/// (its highest reading plus the headroom) is unbound there. A measured configuration reaches, over its unbound knobs,
/// every configuration whose unbound knobs are all at or above those lowest values and whose other knobs are its own;
/// measured configurations that reach each other are twins. Twins' trials pool under one configuration, the
/// <see cref="Representative"/>: the baseline where it is one, else the measured twin with the highest caps (power
/// limit first, then clock, then batch), so that what is recommended was measured and a burst heavier than those
/// measured meets no lower cap. A configuration not measured yet that a measured one reaches is no new configuration.
/// Without such knobs, or without trials that read what they cap, there are none.
/// </summary>
public sealed class CapTwins
{
    private readonly Dictionary<Configuration, Configuration> _representative;
    private readonly ILookup<Configuration, Configuration> _twinsOf;

    private CapTwins(Dictionary<Configuration, Configuration> representative)
    {
        _representative = representative;
        _twinsOf = representative.Where(kv => !kv.Key.Equals(kv.Value)).ToLookup(kv => kv.Value, kv => kv.Key);
    }

    public static CapTwins None { get; } = new([]);

    /// <summary>Every configuration of the space that is a twin of a measured one, itself included.</summary>
    public IReadOnlyCollection<Configuration> Members => _representative.Keys;

    public static CapTwins Of(SearchSpace space, IEnumerable<Observation> trials)
    {
        var knobs = space
            .Knobs.Where(k => KnobReach.Caps(k.Kind) && !k.IsPinned)
            .OrderBy(k => CapOrder(k.Kind))
            .ToList();
        var all = trials.ToList();
        if (knobs.Count == 0 || all.Count == 0)
        {
            return None;
        }

        var reaches = knobs.Select(k => Reaches(k, all)).ToList();
        var measured = all.Select(t => t.Configuration).Distinct().ToList();
        var regions = measured.ToDictionary(c => c, c => Region(c, knobs, reaches));
        var representative = new Dictionary<Configuration, Configuration>();
        var done = new HashSet<Configuration>();
        foreach (var start in measured.Where(c => regions[c] is not null))
        {
            if (done.Contains(start))
            {
                continue;
            }

            var twins = new List<Configuration> { start };
            done.Add(start);
            for (var i = 0; i < twins.Count; i++)
            {
                foreach (var other in measured.Where(o => !done.Contains(o) && regions[o] is not null))
                {
                    if (
                        Reaches(twins[i], regions[twins[i]]!, other, knobs)
                        && Reaches(other, regions[other]!, twins[i], knobs)
                    )
                    {
                        twins.Add(other);
                        done.Add(other);
                    }
                }
            }

            var chosen =
                space.Baseline is { } baseline && twins.Contains(baseline)
                    ? baseline
                    : twins
                        .OrderByDescending(c => knobs.Select(k => c.Number(k.Name) ?? 0).ToArray(), Lexicographic)
                        .First();
            foreach (var twin in twins)
            {
                foreach (var member in Expand(twin, knobs, regions[twin]!))
                {
                    if (!measured.Contains(member) || twins.Contains(member))
                    {
                        representative.TryAdd(member, chosen);
                    }
                }
            }
        }

        return new CapTwins(representative);
    }

    /// <summary>
    /// The configurations whose trials pool under <paramref name="representative"/>, itself excluded: what its trials
    /// also read, measured there or not.
    /// </summary>
    public IEnumerable<Configuration> TwinsOf(Configuration representative) => _twinsOf[representative];

    /// <summary>The configuration a configuration's trials pool under: its representative, or itself.</summary>
    public Configuration Representative(Configuration configuration) =>
        _representative.GetValueOrDefault(configuration, configuration);

    /// <summary>The trials with each twin's trials carrying its representative's configuration.</summary>
    public IReadOnlyList<Observation> Pool(IReadOnlyList<Observation> trials) =>
        _representative.Count == 0
            ? trials
            :
            [
                .. trials.Select(t =>
                    Representative(t.Configuration) is var r && r.Equals(t.Configuration)
                        ? t
                        : t with
                        {
                            Configuration = r,
                        }
                ),
            ];

    /// <summary>The state with its trials (believed ones included) pooled.</summary>
    public SearchState Pool(SearchState state) =>
        _representative.Count == 0
            ? state
            : new SearchState(state.Space, state.Candidates, Pool(state.Observations), state.Slo, state.TrialsLeft)
            {
                Current = state.Current,
                HostTimeLeft = state.HostTimeLeft,
                Throughput = state.Throughput,
                Believed = state.Believed,
            };

    /// <summary>How many distinct configurations the trials measured, twins counted once.</summary>
    public int Distinct(IEnumerable<Observation> trials) =>
        trials.Select(t => Representative(t.Configuration)).Distinct().Count();

    /// <summary>
    /// For one knob, the lowest unbound value per setting of the other knobs: the highest a trial of that setting
    /// reached plus the headroom, where some trial of it ran under a value it did not reach.
    /// </summary>
    private static Dictionary<string, double> Reaches(Knob knob, IReadOnlyList<Observation> trials)
    {
        var lowest = new Dictionary<string, double>();
        foreach (var family in trials.GroupBy(t => Family(t.Configuration, knob.Name)))
        {
            var reached = family.Select(t => KnobReach.Of(t, knob)).OfType<KnobReach>().ToList();
            if (reached.Any(r => !r.Binds))
            {
                lowest[family.Key] = reached.Max(r => r.LowestUnbound);
            }
        }

        return lowest;
    }

    /// <summary>
    /// The lowest unbound value of each knob at a measured configuration (null for a knob it binds or may have); null
    /// when no knob is unbound there.
    /// </summary>
    private static double?[]? Region(
        Configuration configuration,
        IReadOnlyList<Knob> knobs,
        IReadOnlyList<Dictionary<string, double>> reaches
    )
    {
        var region = new double?[knobs.Count];
        for (var i = 0; i < knobs.Count; i++)
        {
            if (
                reaches[i].TryGetValue(Family(configuration, knobs[i].Name), out var lowest)
                && configuration.Number(knobs[i].Name) >= lowest
            )
            {
                region[i] = lowest;
            }
        }

        return region.Any(r => r is not null) ? region : null;
    }

    /// <summary>
    /// Whether <paramref name="other"/> lies in the region a measured configuration reaches: each unbound knob at or
    /// above its lowest, each other knob as the measured one has it.
    /// </summary>
    private static bool Reaches(
        Configuration measured,
        double?[] region,
        Configuration other,
        IReadOnlyList<Knob> knobs
    ) =>
        measured.Values.Count == other.Values.Count
        && measured.Values.All(kv =>
            knobs.Any(k => k.Name == kv.Key)
            || (other.Values.TryGetValue(kv.Key, out var value) && value.Equals(kv.Value))
        )
        && Enumerable
            .Range(0, knobs.Count)
            .All(i =>
                region[i] is { } lowest
                    ? other.Number(knobs[i].Name) >= lowest
                    : other.Number(knobs[i].Name) == measured.Number(knobs[i].Name)
            );

    /// <summary>
    /// Every configuration of the space a measured one reaches: its unbound knobs at or above their lowest.
    /// </summary>
    private static IEnumerable<Configuration> Expand(
        Configuration configuration,
        IReadOnlyList<Knob> knobs,
        double?[] region
    )
    {
        IEnumerable<Configuration> expanded = [configuration];
        for (var i = 0; i < knobs.Count; i++)
        {
            if (region[i] is { } lowest)
            {
                var knob = knobs[i];
                expanded = expanded.SelectMany(c =>
                    knob.Values.Where(v => v.Number >= lowest).Select(v => c.With(knob.Name, v))
                );
            }
        }

        return expanded;
    }

    private static int CapOrder(KnobKind kind) =>
        kind switch
        {
            KnobKind.GpuPowerLimit => 0,
            KnobKind.GpuSmClockCap => 1,
            _ => 2,
        };

    private static readonly Comparer<double[]> Lexicographic = Comparer<double[]>.Create(
        (a, b) => a.Zip(b, (x, y) => x.CompareTo(y)).FirstOrDefault(c => c != 0)
    );

    private static string Family(Configuration configuration, string limitKnob) =>
        string.Join(
            ",",
            configuration.Values.Where(kv => kv.Key != limitKnob).Select(kv => $"{kv.Key}={kv.Value.Text}")
        );
}
