using System.Collections.Immutable;
using MLEnergy.Runtime.Stores;

namespace MLEnergy.Runtime.Optimize;

/// <summary>
/// One run to carry out through the <see cref="RunLifecycle"/>: its kind, what it measures, its notes.
/// </summary>
public sealed record RunDefinition(RunKind Kind, IRunMeasurement Measurement)
{
    /// <summary>Added to the space's name in the run's id (such as <c>-check</c>).</summary>
    public string IdSuffix { get; init; } = string.Empty;

    /// <summary>
    /// Added to the run's fingerprint, so that runs of one problem under different conditions (the load levels of a
    /// plan) are resumed each as its own.
    /// </summary>
    public string FingerprintSuffix { get; init; } = string.Empty;

    /// <summary>Continue the last unfinished run with the same fingerprint instead of starting a new one.</summary>
    public bool Resume { get; init; }

    /// <summary>Where the run folder goes; null for a new folder under the state directory.</summary>
    public string? OutputDirectory { get; init; }

    public string NotesHeading { get; init; } = "Notes";

    public ImmutableArray<string> Notes { get; init; } = [];
}
