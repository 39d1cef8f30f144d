using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Simulation;

namespace MLEnergy.Runtime.Targets.Simulated;

/// <summary>Reads a configuration's knobs by their kind into a simulated serving configuration.</summary>
internal static class SimulatedKnobMapping
{
    /// <summary>The knob kinds the simulated LLM host reads; any other knob does not change what it measures.</summary>
    public static readonly ImmutableArray<KnobKind> Modelled =
    [
        KnobKind.GpuSmClockCap,
        KnobKind.GpuPowerLimit,
        KnobKind.ServerBatchSize,
        KnobKind.TensorParallel,
        KnobKind.Replicas,
    ];

    public static SimulatedServingConfig ToServingConfig(
        SearchSpace space,
        Configuration configuration,
        string model,
        string gpuKind
    )
    {
        int? Whole(KnobKind kind) => Value(space, configuration, kind) is { } v ? (int)Math.Round(v) : null;

        return new SimulatedServingConfig(
            model,
            gpuKind,
            TensorParallel: Whole(KnobKind.TensorParallel) ?? 1,
            Replicas: Whole(KnobKind.Replicas) ?? 1,
            MaxNumSeqs: Whole(KnobKind.ServerBatchSize) ?? 256,
            SmClockCapMhz: Whole(KnobKind.GpuSmClockCap),
            PowerLimitWatts: Value(space, configuration, KnobKind.GpuPowerLimit),
            HostGpuCount: space.Variables.TryGetValue("gpus", out var gpus) ? (int)gpus : 8
        );
    }

    /// <summary>
    /// Why the space cannot be tuned on the simulated LLM host: a knob with more than one value of a kind it does not
    /// read (a server argument, hardware), whose every value would measure the same, so that the search would pick
    /// among them by noise; null when there is none.
    /// </summary>
    public static string? Unmodelled(SearchSpace space) =>
        space.Knobs.FirstOrDefault(k => !Modelled.Contains(k.Kind) && k.Values.Length > 1) is { } knob
            ? $"knob '{knob.Name}' ({knob.Kind.ToYamlName()}) does not change the simulated LLM host: every value "
                + $"would measure the same; it models {string.Join(", ", Modelled[..^1].Select(k => k.ToYamlName()))} "
                + $"and {Modelled[^1].ToYamlName()} (pin the knob with --set, or tune it on a serving host)"
            : null;

    private static double? Value(SearchSpace space, Configuration configuration, KnobKind kind) =>
        space.Knobs.FirstOrDefault(k => k.Kind == kind) is { } knob && configuration.TryGet(knob.Name, out var value)
            ? value.Number
            : null;
}
