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

    /// <summary>A short name for people that says the value's scope; the metric's name when none is given.</summary>
    public string? Label { get; init; }

    /// <summary>How a table column or a plot axis names the metric: its label and unit, <c>label (W)</c>.</summary>
    public string Heading => $"{Label ?? Name} ({Unit})";

    public override string ToString() => Name;
}
