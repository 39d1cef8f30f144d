using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Search;

/// <summary>
/// Configurations that differ only in power limits none of them reaches, counted as one (<see cref="PowerLimitDraw"/>):
/// for each setting of the other knobs, once a trial ran under a limit it did not reach, every limit of the space at or
/// above the lowest one no trial of that setting reached (its highest peak plus the headroom) is a twin. Twins'
/// trials pool under one configuration, the <see cref="Representative"/>: the measured twin with the highest limit
/// (the baseline where it is one), so that what is recommended was measured and a burst heavier than those measured
/// meets no lower cap. A twin not measured yet is no new configuration. Without a power limit knob, or without trials
/// that measured their peak, there are none.
/// </summary>
public sealed class PowerLimitTwins
{
    private readonly Dictionary<Configuration, Configuration> _representative;

    private PowerLimitTwins(Dictionary<Configuration, Configuration> representative) =>
        _representative = representative;

    public static PowerLimitTwins None { get; } = new([]);

    /// <summary>Every configuration of the space that is a twin of a measured one, itself included.</summary>
    public IReadOnlyCollection<Configuration> Members => _representative.Keys;

    public static PowerLimitTwins Of(SearchSpace space, IEnumerable<Observation> trials)
    {
        if (space.Knobs.FirstOrDefault(k => k.Kind == KnobKind.GpuPowerLimit && !k.IsPinned) is not { } knob)
        {
            return None;
        }

        var representative = new Dictionary<Configuration, Configuration>();
        foreach (var family in trials.GroupBy(t => Family(t.Configuration, knob.Name)))
        {
            var draws = family.Select(t => PowerLimitDraw.Of(t, knob.Name)).OfType<PowerLimitDraw>().ToList();
            if (!draws.Any(d => !d.Binds))
            {
                continue;
            }

            var lowest = draws.Max(d => d.LowestUnbound.Watts);
            var measured = family
                .Select(t => t.Configuration)
                .Where(c => c.Number(knob.Name) >= lowest)
                .Distinct()
                .ToList();
            if (measured.Count == 0)
            {
                continue;
            }

            var chosen =
                space.Baseline is { } baseline && measured.Contains(baseline)
                    ? baseline
                    : measured.MaxBy(c => c.Number(knob.Name))!;
            foreach (var value in knob.Values.Where(v => v.Number >= lowest))
            {
                representative[chosen.With(knob.Name, value)] = chosen;
            }
        }

        return new PowerLimitTwins(representative);
    }

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

    private static string Family(Configuration configuration, string limitKnob) =>
        string.Join(
            ",",
            configuration.Values.Where(kv => kv.Key != limitKnob).Select(kv => $"{kv.Key}={kv.Value.Text}")
        );
}
