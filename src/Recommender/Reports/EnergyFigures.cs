using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Reports;

/// <summary>
/// One configuration's efficiency in the units people compare: energy per unit of work, per token and per
/// request, the serving GPUs' average power, the measured throughput in units of work per second, and MLPerf
/// Power's units (tokens or samples per joule, millijoules per query). Throughput is read as measured, never
/// derived from power.
/// </summary>
public sealed record EnergyFigures(
    Energy? PerUnit,
    Energy? PerToken,
    Energy? PerRequest,
    Power? AveragePower,
    double? UnitsPerSecond
)
{
    public double? UnitsPerJoule => PerUnit is { Joules: > 0 } energy ? 1 / energy.Joules : null;

    public double? MillijoulesPerQuery => PerRequest?.Millijoules;

    public static EnergyFigures Of(Observation observation, string energyMetric)
    {
        Energy? Joules(string metric) => observation.Metric(metric) is { } j ? Energy.FromJoules(j) : null;
        return new EnergyFigures(
            Joules(energyMetric),
            Joules(MetricNames.EnergyPerToken),
            Joules(MetricNames.EnergyPerRequest),
            observation.Metric(MetricNames.AveragePower) is { } watts ? Power.FromWatts(watts) : null,
            MetricCatalogue.ThroughputOf(energyMetric) is { } throughput ? observation.Metric(throughput.Name) : null
        );
    }
}
