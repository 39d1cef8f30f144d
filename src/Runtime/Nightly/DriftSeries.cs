namespace MLEnergy.Runtime.Nightly;

/// <summary>
/// One metric of one configuration as a nightly check compares it: the values of its earlier trials (history) and of
/// tonight's re-measurement, one value per trial.
/// </summary>
public sealed record DriftSeries(
    string Role,
    string Configuration,
    string Metric,
    IReadOnlyList<double> Before,
    IReadOnlyList<double> After
);
