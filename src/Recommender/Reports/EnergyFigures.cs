using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Reports;

/// <summary>
/// One configuration's efficiency in the units people compare: joules per token and per request, and
/// MLPerf Power's units (tokens or samples per joule, millijoules per query).
/// </summary>
public sealed record EnergyFigures(
    double? JoulesPerUnit,
    double? JoulesPerToken,
    double? JoulesPerRequest,
    double? AveragePowerWatts,
    double? UnitsPerSecond)
{
    public double? UnitsPerJoule => JoulesPerUnit is > 0 ? 1 / JoulesPerUnit : null;

    public double? MillijoulesPerQuery => JoulesPerRequest * 1000;

    public static EnergyFigures Of(Observation observation, string energyMetric)
    {
        var perUnit = observation.Metric(energyMetric);
        var power = observation.Metric(MetricNames.AveragePower);
        return new EnergyFigures(
            perUnit,
            observation.Metric(MetricNames.EnergyPerToken),
            observation.Metric(MetricNames.EnergyPerRequest),
            power,
            power is { } p && perUnit is > 0 ? p / perUnit : null);
    }
}
