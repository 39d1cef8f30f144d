using System.Collections.Immutable;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Runtime.Optimize;

/// <summary>Everything <c>mlenergy optimize</c> was asked for, bound from the command line once.</summary>
public sealed record OptimizeRequest
{
    public required ServiceLevelObjective Slo { get; init; }

    /// <summary><c>replay:PATH|NAME</c>, <c>sim</c>, or null for the space's own target (the simulated host by default).</summary>
    public string? Target { get; init; }

    public string? SpacePath { get; init; }

    public string? Model { get; init; }

    public string? Gpu { get; init; }

    public string? Load { get; init; }

    /// <summary><c>--set KNOB=V1,V2</c>: the knob is restricted to those values (pinned when one).</summary>
    public ImmutableArray<KnobPin> Pins { get; init; } = [];

    public string Strategy { get; init; } = "grid";

    public int? MaxTrials { get; init; }

    public int Seed { get; init; }

    /// <summary>Relative measurement noise added to replayed data (0.05 = 5 %), for testing robustness.</summary>
    public double Noise { get; init; }

    /// <summary>Where the run folder goes; null for a new folder under the state directory.</summary>
    public string? OutputDirectory { get; init; }

    public required string StateDirectory { get; init; }
}
