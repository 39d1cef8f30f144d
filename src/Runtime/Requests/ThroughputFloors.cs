using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Load;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Runtime.Requests;

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

    /// <summary>
    /// The floor as the search sees it (<see cref="ThroughputRequirement"/>): resolved against the baseline's trials
    /// merged (their mean, <see cref="RepeatedTrials"/>), as the selection resolves it; null when no floor applies.
    /// </summary>
    public static ThroughputRequirement? RequirementFor(OptimizeRequest request, SearchSpace space)
    {
        var floor = For(request, space);
        if (floor.RateDriven || floor.IsAny)
        {
            return null;
        }

        var metric = (
            MetricCatalogue.ThroughputOf(space.Objective.MetricName()) ?? MetricCatalogue.TokenThroughput
        ).Name;
        return new ThroughputRequirement(
            metric,
            observations =>
                floor.Resolve(
                    space.Baseline is { } baseline
                    && RepeatedTrials.Merge(observations.Where(o => o.Configuration.Equals(baseline)))
                        is [{ Feasible: true } measured]
                        ? measured.Metric(metric)
                        : null
                )
        );
    }

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
