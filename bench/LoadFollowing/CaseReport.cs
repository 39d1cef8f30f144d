using MLEnergy.Recommender.Plans;
using MLEnergy.Simulation.Http;

namespace MLEnergy.LoadFollowing;

/// <summary>One model's evaluation: how the trace was scaled, what was tuned, and every policy's outcome.</summary>
/// <param name="Model">The model and its GPUs.</param>
/// <param name="CapacityRequestsPerSecond">The baseline's saturated throughput for the trace's length mix.</param>
/// <param name="Trace">The trace as served.</param>
/// <param name="Levels">The plan's levels: quartiles of the scaled trace's per-minute rates.</param>
/// <param name="Static">The best static GPU setting; null when none meets the SLO at the busiest minute.</param>
/// <param name="Plan">The plan tuned by the tool.</param>
/// <param name="Outcomes">Baseline, best static, plan and govern, in that order.</param>
/// <param name="GovernSwitchReasons">govern's band switches by direction and reason.</param>
public sealed record CaseReport(
    ModelCase Model,
    double CapacityRequestsPerSecond,
    ScaledTrace Trace,
    IReadOnlyList<double> Levels,
    SimulatedGpuSettings? Static,
    LoadPlan Plan,
    IReadOnlyList<PolicyOutcome> Outcomes,
    IReadOnlyDictionary<string, int> GovernSwitchReasons
)
{
    public PolicyOutcome Baseline => Outcomes[0];

    public PolicyOutcome BestStatic => Outcomes[1];

    public PolicyOutcome Planned => Outcomes[2];

    public PolicyOutcome Governed => Outcomes[3];
}
