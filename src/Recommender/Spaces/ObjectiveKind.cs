using MLEnergy.Recommender.Metrics;

namespace MLEnergy.Recommender.Spaces;

/// <summary>The energy the tuner minimises, per unit of useful work.</summary>
public enum ObjectiveKind
{
    EnergyPerToken,
    EnergyPerRequest,
    EnergyPerImage,
    EnergyPerVideo,
}

public static class ObjectiveKinds
{
    public static string MetricName(this ObjectiveKind kind) =>
        kind switch
        {
            ObjectiveKind.EnergyPerToken => MetricNames.EnergyPerToken,
            ObjectiveKind.EnergyPerRequest => MetricNames.EnergyPerRequest,
            ObjectiveKind.EnergyPerImage => MetricNames.EnergyPerImage,
            ObjectiveKind.EnergyPerVideo => MetricNames.EnergyPerVideo,
            _ => throw new ArgumentOutOfRangeException(nameof(kind)),
        };

    /// <summary>The objective whose metric this is, e.g. energy_per_token_j; null for any other metric.</summary>
    public static ObjectiveKind? OfMetric(string metricName) =>
        Enum.GetValues<ObjectiveKind>().Cast<ObjectiveKind?>().FirstOrDefault(k => k!.Value.MetricName() == metricName);

    /// <summary>
    /// How a person reads an energy metric's unit (J/token); the metric's name for a metric not an objective.
    /// </summary>
    public static string UnitOf(string metricName) => OfMetric(metricName)?.Unit() ?? metricName;

    /// <summary>The objective's unit as the metric catalogue defines it, energy per unit of work: J/token.</summary>
    public static string Unit(this ObjectiveKind kind) => MetricCatalogue.Get(kind.MetricName()).Unit;

    public static bool TryParse(string text, out ObjectiveKind kind)
    {
        kind = text.Trim().ToUpperInvariant().Replace("-", "_", StringComparison.Ordinal) switch
        {
            "ENERGY_PER_TOKEN" or "J_PER_TOKEN" => ObjectiveKind.EnergyPerToken,
            "ENERGY_PER_REQUEST" or "J_PER_REQUEST" => ObjectiveKind.EnergyPerRequest,
            "ENERGY_PER_IMAGE" or "J_PER_IMAGE" => ObjectiveKind.EnergyPerImage,
            "ENERGY_PER_VIDEO" or "J_PER_VIDEO" => ObjectiveKind.EnergyPerVideo,
            _ => (ObjectiveKind)(-1),
        };
        return Enum.IsDefined(kind);
    }
}
