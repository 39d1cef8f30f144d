using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Simulation;

namespace MLEnergy.Runtime.Targets.Simulated;

/// <summary>Reads a configuration's knobs by their kind into a simulated serving configuration.</summary>
internal static class SimulatedKnobMapping
{
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
    /// A knob with more than one value that the simulated LLM host does not read (a server argument, hardware): every
    /// value would measure the same, and the search would pick among them by noise.
    /// </summary>
    public static Knob? Unmodelled(SearchSpace space) =>
        space.Knobs.FirstOrDefault(k => k.Kind is KnobKind.ServerArgument or KnobKind.Hardware && k.Values.Length > 1);

    private static double? Value(SearchSpace space, Configuration configuration, KnobKind kind) =>
        space.Knobs.FirstOrDefault(k => k.Kind == kind) is { } knob && configuration.TryGet(knob.Name, out var value)
            ? value.Number
            : null;
}
