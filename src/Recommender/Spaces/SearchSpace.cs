using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;

namespace MLEnergy.Recommender.Spaces;

/// <summary>
/// The knobs to sweep and the rules between them, with the host's current setup (the baseline), the
/// target that runs trials, the workload and the objective. Built once; variants come from <c>with</c>.
/// </summary>
public sealed record SearchSpace
{
    public required string Name { get; init; }

    public string Description { get; init; } = string.Empty;

    /// <summary>Where trials run: <c>sim</c>, <c>replay:PATH</c>, <c>http://...</c>, a command.</summary>
    public required string Target { get; init; }

    public string? Model { get; init; }

    public string? GpuModel { get; init; }

    public string Load { get; init; } = "saturate";

    /// <summary>Named request lengths of the simulated load (e.g. <c>gpqa</c>); null = chat-like.</summary>
    public string? Workload { get; init; }

    public ObjectiveKind Objective { get; init; } = ObjectiveKind.EnergyPerToken;

    public required ImmutableArray<Knob> Knobs { get; init; }

    public ImmutableArray<KnobConstraint> Constraints { get; init; } = [];

    /// <summary>Named numbers the constraints may use, such as <c>gpus</c>.</summary>
    public ImmutableDictionary<string, double> Variables { get; init; } = ImmutableDictionary<string, double>.Empty;

    /// <summary>The configuration the host runs today; savings are measured against it.</summary>
    public Configuration? Baseline { get; init; }

    /// <summary>
    /// When not empty, the space is exactly these configurations (a published table's rows) rather than
    /// the product of the knobs' values.
    /// </summary>
    public ImmutableArray<Configuration> Listed { get; init; } = [];

    /// <summary>The file the space was read from, for messages.</summary>
    public string? SourcePath { get; init; }

    public Knob? FindKnob(string name) => Knobs.FirstOrDefault(k => k.Name == name);

    /// <summary>
    /// The knobs that tell configurations apart in text: those the space varies, and a pinned one wherever one of the
    /// <paramref name="measured"/> configurations has another value (a baseline outside a <c>--set</c> pin), so that no
    /// configuration reads as having the pinned value it does not have.
    /// </summary>
    public List<string> DescribedKnobs(IEnumerable<Configuration> measured)
    {
        var configurations = measured.ToList();
        return
        [
            .. Knobs
                .Where(k =>
                    !k.IsPinned
                    || configurations.Any(c => c.TryGet(k.Name, out var value) && !value.Equals(k.Values[0]))
                )
                .Select(k => k.Name),
        ];
    }

    public bool Admits(Configuration configuration) =>
        Knobs.All(k => configuration.TryGet(k.Name, out var v) && k.Values.Contains(v))
        && Constraints.All(c => c.IsSatisfiedBy(configuration, Variables));

    /// <summary>Every configuration of the space that satisfies the constraints, in a stable order.</summary>
    public IEnumerable<Configuration> Enumerate() =>
        Listed.IsEmpty
            ? Product().Where(c => Constraints.All(k => k.IsSatisfiedBy(c, Variables)))
            : Listed.Where(Admits);

    /// <summary>The size of the knobs' product before constraints.</summary>
    public long ProductSize => Knobs.Aggregate(1L, (n, k) => n * Math.Max(1, k.Values.Length));

    public SearchSpace Restrict(string knobName, IReadOnlyCollection<KnobValue> values)
    {
        var knob =
            FindKnob(knobName)
            ?? throw new SearchSpaceException(
                SourcePath,
                null,
                $"unknown knob '{knobName}'; this space has: {string.Join(", ", Knobs.Select(k => k.Name))}"
            );
        var unknown = values.Where(v => !knob.Values.Contains(v)).ToList();
        if (unknown.Count > 0)
        {
            throw new SearchSpaceException(
                SourcePath,
                null,
                $"knob '{knobName}' has no value {string.Join(", ", unknown)}; allowed: "
                    + $"{string.Join(", ", knob.Values)}"
            );
        }

        // The baseline stays what the host runs today, even when it falls outside the restricted space.
        return this with
        {
            Knobs = Knobs.Replace(knob, knob.Restrict(values)),
        };
    }

    private IEnumerable<Configuration> Product()
    {
        var knobs = Knobs;
        var indexes = new int[knobs.Length];
        if (knobs.Any(k => k.Values.IsEmpty))
        {
            yield break;
        }

        while (true)
        {
            yield return new Configuration(knobs.Select((k, i) => KeyValuePair.Create(k.Name, k.Values[indexes[i]])));
            var position = knobs.Length - 1;
            while (position >= 0 && ++indexes[position] == knobs[position].Values.Length)
            {
                indexes[position] = 0;
                position--;
            }

            if (position < 0)
            {
                yield break;
            }
        }
    }
}
