using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Requests;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Runtime.Optimize;

/// <summary>
/// The throughput floor a run's recommendation keeps: <c>--min-throughput</c> under a closed-loop load (saturate,
/// concurrency, published measurements), none under a rate-driven one (Poisson, trace), where a configuration that
/// cannot keep up is infeasible instead.
/// </summary>
public static class ThroughputFloors
{
    public static ThroughputFloor For(OptimizeRequest request, SearchSpace space) =>
        IsRateDriven(request.Load ?? space.Load)
            ? request.MinimumThroughput with
            {
                RateDriven = true,
            }
            : request.MinimumThroughput;

    private static bool IsRateDriven(string load)
    {
        try
        {
            return LoadPlanParser.ParseSpec(load).Kind is LoadKind.Poisson or LoadKind.Trace;
        }
        catch (LoadSpecException)
        {
            return false;
        }
    }
}
