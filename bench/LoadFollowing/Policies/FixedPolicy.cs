using MLEnergy.Simulation.Following;
using MLEnergy.Simulation.Http;

namespace MLEnergy.LoadFollowing.Policies;

/// <summary>One setting for the whole run (the baseline, the best static configuration).</summary>
public sealed class FixedPolicy(string name, SimulatedGpuSettings settings) : IPolicy
{
    public string Name => name;

    public SimulatedGpuSettings Start => settings;

    public SimulatedGpuSettings? Decide(ServingSnapshot snapshot) => null;
}
