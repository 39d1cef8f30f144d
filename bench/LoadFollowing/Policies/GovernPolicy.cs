using MLEnergy.Recommender.Plans;
using MLEnergy.Runtime.Governor;
using MLEnergy.Runtime.Prometheus;
using MLEnergy.Simulation.Following;
using MLEnergy.Simulation.Http;

namespace MLEnergy.LoadFollowing.Policies;

/// <summary>
/// <c>mlenergy govern</c>'s decisions: each snapshot's vLLM metrics page is read as govern reads a server's
/// <c>/metrics</c> and given to the same <see cref="GovernorDecider"/>, which starts in the top band.
/// </summary>
public sealed class GovernPolicy(LoadPlan plan, GovernorSettings settings) : IPolicy
{
    private readonly GovernorDecider decider = new(plan, settings);

    public string Name => "govern";

    public SimulatedGpuSettings Start => BandSettings.Of(plan.Bands[decider.Band]);

    public SimulatedGpuSettings? Decide(ServingSnapshot snapshot)
    {
        var load = VllmMetrics.Read(PrometheusPage.Parse(snapshot.VllmMetrics), snapshot.Seconds);
        return BandSettings.Of(plan.Bands[decider.Observe(load).To]);
    }
}
