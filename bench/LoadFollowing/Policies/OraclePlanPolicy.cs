using MLEnergy.Recommender.Plans;
using MLEnergy.Simulation.Following;
using MLEnergy.Simulation.Http;

namespace MLEnergy.LoadFollowing.Policies;

/// <summary>
/// The plan applied with perfect knowledge of the load: each minute runs in the band of that minute's offered rate, as
/// read from the trace itself (no measurement, no lag, no hysteresis).
/// </summary>
public sealed class OraclePlanPolicy(LoadPlan plan, ScaledTrace trace) : IPolicy
{
    public string Name => "plan (oracle band per minute)";

    public SimulatedGpuSettings Start => BandSettings.Of(plan.BandFor(trace.RateAt(0)));

    public SimulatedGpuSettings? Decide(ServingSnapshot snapshot) =>
        BandSettings.Of(plan.BandFor(trace.RateAt(snapshot.Seconds)));
}
