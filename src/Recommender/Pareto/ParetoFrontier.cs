using System.Collections.Immutable;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Pareto;

/// <summary>
/// The latency–energy frontier: a feasible observation is on it unless another has both strictly lower
/// latency and strictly lower energy (the ML.ENERGY leaderboard's rule), each axis in the direction the
/// metric catalogue gives it (a throughput axis is better higher). Sorted by the first axis, best first.
/// </summary>
public static class ParetoFrontier
{
    public static ImmutableArray<Observation> Of(
        IEnumerable<Observation> observations,
        string latencyMetric,
        string energyMetric
    )
    {
        // Each axis is read in the catalogue's direction: a higher-is-better metric is minimised negated.
        double Sign(string metric) => MetricCatalogue.Find(metric)?.HigherIsBetter == true ? -1 : 1;
        var (latencySign, energySign) = (Sign(latencyMetric), Sign(energyMetric));
        var points = observations
            .Where(o => o.Feasible && o.Metric(latencyMetric) is not null && o.Metric(energyMetric) is not null)
            .Select(o =>
                (
                    Observation: o,
                    Latency: latencySign * o.Metric(latencyMetric)!.Value,
                    Energy: energySign * o.Metric(energyMetric)!.Value
                )
            )
            .OrderBy(p => p.Latency)
            .ThenBy(p => p.Energy)
            .ToList();

        return
        [
            .. points
                .Where(p => !points.Any(q => q.Latency < p.Latency && q.Energy < p.Energy))
                .Select(p => p.Observation),
        ];
    }

    /// <summary>
    /// The area dominated by the frontier inside the box up to a reference point (latency, energy), both
    /// axes to be minimised; larger is better.
    /// </summary>
    public static double Hypervolume(
        IEnumerable<(double Latency, double Energy)> frontier,
        double referenceLatency,
        double referenceEnergy
    )
    {
        var area = 0.0;
        var ceiling = referenceEnergy;
        foreach (
            var (latency, energy) in frontier
                .Where(p => p.Latency < referenceLatency && p.Energy < referenceEnergy)
                .OrderBy(p => p.Latency)
        )
        {
            if (energy >= ceiling)
            {
                continue;
            }

            area += (referenceLatency - latency) * (ceiling - energy);
            ceiling = energy;
        }

        return area;
    }
}
