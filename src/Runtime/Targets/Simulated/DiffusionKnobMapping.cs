using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Replay;
using MLEnergy.Simulation.Diffusion;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Targets.Simulated;

/// <summary>
/// Reads a configuration into a simulated diffusion server's configuration, with the knob names of the published
/// tables (<see cref="ReplayKnobs"/>): the batch size by its kind, <c>ulysses_degree</c> and <c>ring_degree</c> by
/// name, the clock cap and power limit by their kinds; <c>gpu_model</c>, where the space has it, names the GPU, and
/// <c>num_gpus</c> must be the product of the two degrees, as in the tables.
/// </summary>
internal static class DiffusionKnobMapping
{
    /// <returns>The configuration, or why the simulated host cannot run it.</returns>
    public static (DiffusionServingConfig? Config, string? Problem) ToServingConfig(
        SearchSpace space,
        Configuration configuration,
        string model,
        string gpuKind,
        int hostGpus
    )
    {
        int? Named(string name) => configuration.Number(name) is { } v ? (int)Math.Round(v) : null;
        double? OfKind(KnobKind kind) =>
            space.Knobs.FirstOrDefault(k => k.Kind == kind) is { } knob ? configuration.Number(knob.Name) : null;

        var config = new DiffusionServingConfig(
            model,
            configuration.TryGet(ReplayKnobs.GpuModel, out var gpu) ? gpu.Text : gpuKind,
            BatchSize: OfKind(KnobKind.ServerBatchSize) is { } batch ? (int)Math.Round(batch) : 1,
            UlyssesDegree: Named(ReplayKnobs.UlyssesDegree) ?? 1,
            RingDegree: Named(ReplayKnobs.RingDegree) ?? 1,
            SmClockCapMhz: OfKind(KnobKind.GpuSmClockCap) is { } cap ? (int)Math.Round(cap) : null,
            PowerLimitWatts: OfKind(KnobKind.GpuPowerLimit)
        );
        var c = CultureInfo.InvariantCulture;
        if (Named(ReplayKnobs.NumGpus) is { } gpus && gpus != config.GpuCount)
        {
            var product = string.Create(c, $"ulysses_degree × ring_degree = {config.GpuCount}");
            return (
                null,
                string.Create(c, $"num_gpus {gpus} is not {product}: a diffusion server's GPUs are its parallel group")
            );
        }

        return config.GpuCount > hostGpus
            ? (
                null,
                string.Create(c, $"needs {CountText.Of(config.GpuCount, "GPU")}; the simulated host has {hostGpus}")
            )
            : (config, null);
    }
}
