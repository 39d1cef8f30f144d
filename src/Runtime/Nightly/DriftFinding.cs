using MLEnergy.Recommender.Metrics;
using static MLEnergy.Recommender.Reports.ReportFormat;

namespace MLEnergy.Runtime.Nightly;

/// <summary>One metric of one configuration, before (history) and now (re-measured), and whether it drifted.</summary>
public sealed record DriftFinding(
    string Role,
    string Configuration,
    string Metric,
    double Before,
    double After,
    double HalfWidth,
    double Floor,
    bool Drifted
)
{
    public double ChangePercent => Before == 0 ? 0 : 100 * (After - Before) / Before;

    /// <summary>
    /// Why the configuration no longer carries the load, when a re-measurement could not run or keep up with it
    /// (then <see cref="Drifted"/> whatever the numbers); null otherwise.
    /// </summary>
    public string? Problem { get; init; }

    /// <summary>
    /// The two-sided confidence of this comparison's interval: the night's false-alarm rate shared among its
    /// comparisons (<see cref="DriftDetector"/>).
    /// </summary>
    public double Confidence { get; init; } = 1 - DriftDetector.DefaultFalseAlarmRate;

    /// <summary>Where the interval's spread came from (<see cref="DriftInterval"/>).</summary>
    public string Interval { get; init; } = "its own trials";

    /// <summary>
    /// In the reports' number format and the catalogue's unit: <c>itl_p50_ms of the baseline (b=8) moved: 8.20
    /// -> 9.40 ms (+14.6 %); 98.75 % interval of the change in the mean (its own trials) ±0.52 ms, noise floor
    /// ±0.41 ms</c>.
    /// </summary>
    public override string ToString()
    {
        if (Problem is not null)
        {
            return $"{Metric} of the {Role} ({Configuration}) moved: it ran before and now does not carry the load "
                + $"({Problem})";
        }

        var unit = MetricCatalogue.Find(Metric)?.Unit is { } u ? " " + u : string.Empty;
        var interval = double.IsFinite(HalfWidth)
            ? $"{Level(Confidence)} % interval of the change in the mean ({Interval}) ±{Number(HalfWidth)}{unit}"
            : "no interval (no trial was repeated), not judged";
        return $"{Metric} of the {Role} ({Configuration}) {(Drifted ? "moved" : "held")}: {Number(Before)} -> "
            + $"{Number(After)}{unit} ({Percent(ChangePercent)}); {interval}, noise floor ±{Number(Floor)}{unit}";
    }

    private static string Level(double confidence) =>
        (100 * confidence).ToString("0.##", System.Globalization.CultureInfo.InvariantCulture);
}
