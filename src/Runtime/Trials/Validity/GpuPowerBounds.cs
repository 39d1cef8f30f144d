using MLEnergy.Simulation.Hardware;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Trials.Validity;

/// <summary>
/// The plausible average power of a GPU kind from the GPU data (gpus.json): between a share of its idle power and a
/// share of its largest power limit (<see cref="ValidityThresholds"/>). Unknown kinds have no bounds.
/// </summary>
public sealed class GpuPowerBounds(GpuCatalog catalog)
{
    public static GpuPowerBounds Default { get; } = new(GpuCatalog.LoadDefault());

    /// <summary>The kind's idle power and largest power limit; null when the GPU data does not know it.</summary>
    public (Power Idle, Power MaxLimit)? Find(string kind) =>
        catalog.TryGet(kind, out var gpu) && gpu is not null
            ? (Power.FromWatts(gpu.Power.IdleWatts), Power.FromWatts(gpu.PowerLimit.MaxWatts))
            : null;
}
