using System.Collections.Immutable;

namespace MLEnergy.Recommender.Knobs;

/// <summary>
/// A setting the tuner may change. Only output-preserving knobs are tuned: a knob that changes what the
/// model computes (quantization, sampling, denoising steps) may be pinned to one value but never swept.
/// </summary>
public sealed record Knob(
    string Name,
    KnobKind Kind,
    ImmutableArray<KnobValue> Values,
    bool RestartsServer,
    bool OutputPreserving = true
)
{
    public bool IsPinned => Values.Length == 1;

    public Knob Restrict(IReadOnlyCollection<KnobValue> allowed) =>
        this with
        {
            Values = [.. Values.Where(allowed.Contains)],
        };
}
