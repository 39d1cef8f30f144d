using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;

namespace MLEnergy.Runtime.Replay;

/// <summary>One published measurement: a model served in one configuration, and what was measured.</summary>
public sealed record ReplayRow(
    string ModelId,
    Configuration Configuration,
    ImmutableDictionary<string, double> Metrics
);
