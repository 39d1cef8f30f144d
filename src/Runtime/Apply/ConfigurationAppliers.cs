using MLEnergy.Runtime.Actuators;

namespace MLEnergy.Runtime.Apply;

/// <summary>Chooses the applier for a run's target.</summary>
public static class ConfigurationAppliers
{
    /// <summary>Whether the target is one without a host: published measurements or the simulated host.</summary>
    public static bool IsHostless(string target) =>
        target.StartsWith("replay:", StringComparison.OrdinalIgnoreCase) || target.Equals("sim", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("sim:", StringComparison.OrdinalIgnoreCase);

    /// <summary>The applier for a run on <paramref name="target"/>: this host's GPUs through NVML, or nothing for a hostless target.</summary>
    public static IConfigurationApplier For(string target, ApplySettings settings) => IsHostless(target)
        ? new NothingToApply($"there is nothing to apply on target '{target}': it has no host (replayed or simulated measurements); 'apply --print' shows the commands for a real host")
        : new HostApplier(NvmlGpuControl.Open, settings);
}
