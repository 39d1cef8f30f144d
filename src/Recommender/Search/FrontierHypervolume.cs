using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Pareto;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Recommender.Search;

/// <summary>
/// The hypervolume of the latency–energy frontier found so far (larger is better). The reference point is
/// twice the primary SLO bound in latency and, unless given, the most energy any trial used.
/// </summary>
public static class FrontierHypervolume
{
    public static double Of(
        IEnumerable<Observation> observations,
        ServiceLevelObjective slo,
        string energyMetric,
        double? referenceEnergy = null
    )
    {
        var merged = RepeatedTrials.Merge(observations);
        var latencyMetric = slo.Primary.MetricName;
        var points = ParetoFrontier
            .Of(merged, latencyMetric, energyMetric)
            .Select(o => (Latency: o.Metric(latencyMetric)!.Value, Energy: o.Metric(energyMetric)!.Value))
            .ToList();
        var ceiling = referenceEnergy ?? merged.Select(o => o.Metric(energyMetric) ?? 0).DefaultIfEmpty(0).Max();
        return ParetoFrontier.Hypervolume(points, 2 * slo.Primary.ThresholdMs, ceiling);
    }
}
