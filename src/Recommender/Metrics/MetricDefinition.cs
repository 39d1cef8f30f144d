namespace MLEnergy.Recommender.Metrics;

/// <summary>
/// One metric as the catalogue defines it: the name observations and result.json use, its unit, which way is
/// better, what one value is about, and a line for people.
/// </summary>
public sealed record MetricDefinition(
    string Name,
    string Unit,
    MetricDirection Direction,
    MetricScope Scope,
    string Description
)
{
    public bool HigherIsBetter => Direction == MetricDirection.HigherIsBetter;

    public override string ToString() => Name;
}
