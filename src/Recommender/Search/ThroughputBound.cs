using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Search;

/// <summary>
/// A resolved throughput floor: a constraint the strategy models like an SLO bound (the incumbent keeps it, and a
/// candidate's chance of keeping it weights its expected improvement), so that the search looks for the least energy
/// among configurations that could be recommended.
/// </summary>
public sealed record ThroughputBound(string Metric, double Floor)
{
    /// <summary>Rounding in a measured throughput never drops a configuration that serves the floor itself.</summary>
    private const double Tolerance = 1e-9;

    /// <summary>Whether a measured throughput keeps the floor: the one rule the search and the selection use.</summary>
    public static bool Keeps(double? served, double floor) => served >= floor * (1 - Tolerance);

    public bool Keeps(Observation observation) => Keeps(observation.Metric(Metric), Floor);
}
