using MLEnergy.Simulation.Following;
using MLEnergy.Simulation.Http;

namespace MLEnergy.LoadFollowing.Policies;

/// <summary>How the GPUs are set while the trace is served: a fresh instance for each run.</summary>
public interface IPolicy
{
    string Name { get; }

    /// <summary>The settings the run starts under.</summary>
    SimulatedGpuSettings Start { get; }

    /// <summary>The settings to run under from now on; null keeps those in force.</summary>
    SimulatedGpuSettings? Decide(ServingSnapshot snapshot);
}
