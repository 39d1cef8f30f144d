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

    private readonly Dictionary<string, int> reasons = new(StringComparer.Ordinal);

    /// <summary>How many band switches each kind of reason caused (the rate, the SLO guard, the queue, the dwell).
    /// </summary>
    public IReadOnlyDictionary<string, int> SwitchReasons => reasons;

    public SimulatedGpuSettings? Decide(ServingSnapshot snapshot)
    {
        var load = VllmMetrics.Read(PrometheusPage.Parse(snapshot.VllmMetrics), snapshot.Seconds);
        var decision = decider.Observe(load);
        if (decision.Switched)
        {
            var reason = Kind(decision);
            reasons[reason] = reasons.GetValueOrDefault(reason) + 1;
        }

        return BandSettings.Of(plan.Bands[decision.To]);
    }

    /// <summary>What made the decider switch: the rate (up at once, down once the dwell has passed), the SLO guard or
    /// the queue.</summary>
    private static string Kind(GovernorDecision decision) =>
        decision.To < decision.From ? "down by the rate"
        : decision.Reason.StartsWith("SLO guard", StringComparison.Ordinal) ? "up by the SLO guard"
        : decision.Reason.StartsWith("queue", StringComparison.Ordinal) ? "up by a growing queue"
        : "up by the rate";
}
