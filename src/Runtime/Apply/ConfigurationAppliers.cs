namespace MLEnergy.Runtime.Apply;

/// <summary>Chooses the applier for a run's target.</summary>
public static class ConfigurationAppliers
{
    /// <summary>Whether the target is one without a host: published measurements or the simulated host.</summary>
    public static bool IsHostless(string target) =>
        target.StartsWith("replay:", StringComparison.OrdinalIgnoreCase) || target.Equals("sim", StringComparison.OrdinalIgnoreCase)
        || target.StartsWith("sim:", StringComparison.OrdinalIgnoreCase);

    public static IConfigurationApplier For(string target) => IsHostless(target)
        ? new NothingToApply($"there is nothing to apply on target '{target}': it has no host (replayed or simulated measurements); 'apply --print' shows the commands for a real host")
        : new NothingToApply($"applying on target '{target}' needs the knob actuators, which this build does not have yet; run the commands of 'apply --print' instead");
}
