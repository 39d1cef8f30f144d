using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;

namespace MLEnergy.Runtime.Replay;

/// <summary>A published measurement table: its rows and the knobs that tell its configurations apart.</summary>
public sealed record ReplayTable(
    string Source,
    string Task,
    ReplayWorkload Workload,
    ImmutableArray<string> KnobNames,
    ImmutableArray<ReplayRow> Rows
)
{
    /// <summary>Knobs that change what the model computes (denoising steps, frames): pinned, never swept.</summary>
    public ImmutableHashSet<string> NonPreservingKnobs { get; init; } = [];

    public IEnumerable<string> Models => Rows.Select(r => r.ModelId).Distinct().Order(StringComparer.Ordinal);

    public IEnumerable<string> GpuModels(string modelId) =>
        Rows.Where(r => r.ModelId == modelId)
            .Select(r => r.Configuration[ReplayKnobs.GpuModel].Text)
            .Distinct()
            .Order(StringComparer.Ordinal);
}
