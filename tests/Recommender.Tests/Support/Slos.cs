using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Recommender.Tests.Support;

/// <summary>SLOs the search tests use.</summary>
public static class Slos
{
    public static ServiceLevelObjective ItlMedian(double milliseconds) =>
        new([new SloConstraint(LatencyMetric.Itl, Statistic.P50, milliseconds)]);
}
