using System.Collections.Immutable;
using MLEnergy.Recommender.Randomness;

namespace MLEnergy.Recommender.Knobs;

/// <summary>One value for each knob of a space: what a trial applies and what a recommendation names.</summary>
public sealed class Configuration : IEquatable<Configuration>
{
    private readonly string _key;
    private readonly int _hash;

    public Configuration(IEnumerable<KeyValuePair<string, KnobValue>> values)
    {
        Values = values.ToImmutableSortedDictionary(StringComparer.Ordinal);
        _key = string.Join(",", Values.Select(kv => $"{kv.Key}={kv.Value.Text}"));
        _hash = StableHash.Of(_key);
    }

    public ImmutableSortedDictionary<string, KnobValue> Values { get; }

    /// <summary>A stable text form, <c>knob=value,...</c> in knob-name order.</summary>
    public string Key => _key;

    public KnobValue this[string knob] => Values[knob];

    public static Configuration Of(params (string Knob, string Value)[] values) =>
        new(values.Select(v => KeyValuePair.Create(v.Knob, KnobValue.Parse(v.Value))));

    public bool TryGet(string knob, out KnobValue value) => Values.TryGetValue(knob, out value);

    public double? Number(string knob) => Values.TryGetValue(knob, out var v) ? v.Number : null;

    public Configuration With(string knob, KnobValue value) => new(Values.SetItem(knob, value));

    public bool Equals(Configuration? other) => other is not null && other._key == _key;

    public override bool Equals(object? obj) => obj is Configuration other && Equals(other);

    /// <summary>The same in every process, so that hashed collections of configurations iterate alike.</summary>
    public override int GetHashCode() => _hash;

    public override string ToString() => _key;
}
