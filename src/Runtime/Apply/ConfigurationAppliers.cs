using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Requests;

namespace MLEnergy.Runtime.Apply;

/// <summary>Chooses the applier for a run's target.</summary>
public static class ConfigurationAppliers
{
    /// <summary>
    /// The applier for a run on <paramref name="target"/>: this host's GPUs through NVML, or nothing for a target
    /// without a host (replayed or simulated measurements).
    /// </summary>
    public static IConfigurationApplier For(TargetSpec target, ApplySettings settings) =>
        target.HasHost
            ? new HostApplier(NvmlGpuControl.Open, settings)
            : new NothingToApply(
                $"there is nothing to apply on target '{target}': it has no host (replayed or simulated measurements); "
                    + "'apply --print' shows the commands for a real host"
            );
}
