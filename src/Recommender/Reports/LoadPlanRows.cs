using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Plans;
using static MLEnergy.Recommender.Reports.ReportFormat;

namespace MLEnergy.Recommender.Reports;

/// <summary>The plan's two tables as cells, for the terminal and for report.md alike.</summary>
public static class LoadPlanRows
{
    public static string[] BandHeader(LoadPlanEvaluation evaluation) =>
        [
            $"rate band ({MetricCatalogue.OfferedRate.Unit})",
            $"tuned at ({MetricCatalogue.OfferedRate.Unit})",
            "clock cap (MHz)",
            "power limit (W)",
            MetricCatalogue.EnergyPerToken.Unit,
            $"{evaluation.Plan.SloMetric} (ms)",
            MetricCatalogue.AveragePower.Heading,
            "SLO",
        ];

    /// <summary>The bands, then a row saying that rates above the top level were not measured.</summary>
    public static IEnumerable<string[]> Bands(LoadPlanEvaluation evaluation) =>
        evaluation.Plan.Bands.Count == 0 ? [] : BandsAndAbove(evaluation);

    private static IEnumerable<string[]> BandsAndAbove(LoadPlanEvaluation evaluation) =>
        evaluation
            .Plan.Bands.Select(b =>
                !b.Measured
                    ? [Range(b), Number(b.LevelRequestsPerSecond), "-", "-", "-", "-", "-", "no valid trial"]
                    : new[]
                    {
                        Range(b),
                        Number(b.LevelRequestsPerSecond),
                        Setting(b.SmClockCapMhz),
                        Setting(b.PowerLimitWatts),
                        Number(b.EnergyPerTokenJoules),
                        Against(b.LatencyMs, evaluation.Plan.SloBoundMs),
                        Number(b.AveragePowerWatts),
                        SloJudge.Word(b.Verdict),
                    }
            )
            .Append([
                $"above {Number(evaluation.Plan.TopLevelRequestsPerSecond)}",
                "-",
                "-",
                "-",
                "-",
                "-",
                "-",
                "not measured (govern keeps the top band)",
            ]);

    /// <summary>A band's GPU setting as its knob's value reads in every configuration (765, not 765.0).</summary>
    private static string Setting(double? value) => value is { } v ? Recommender.Knobs.KnobValue.Of(v).Text : "default";

    private static string Range(LoadBand b) => $"{Number(b.FromRequestsPerSecond)} - {Number(b.UpTo)}";

    public static string[] ComparisonHeader(LoadPlanEvaluation evaluation) =>
        [
            $"rate ({MetricCatalogue.OfferedRate.Unit})",
            $"baseline {EnergyHeading(evaluation)}",
            $"best static {EnergyHeading(evaluation)}",
            $"plan {EnergyHeading(evaluation)}",
            "plan vs best static",
        ];

    /// <summary>The compared energy with its unit from the catalogue: <c>energy_per_token_j (J/token)</c>.</summary>
    public static string EnergyHeading(LoadPlanEvaluation evaluation) =>
        MetricCatalogue.Find(evaluation.EnergyMetric) is { } metric ? metric.Heading : evaluation.EnergyMetric;

    public static IEnumerable<string[]> Comparison(LoadPlanEvaluation evaluation) =>
        evaluation
            .Levels.Select(l =>
                new[]
                {
                    Number(l.RequestsPerSecond),
                    l.BaselineNotCompared ?? Number(l.ComparedBaseline?.Metric(evaluation.EnergyMetric)),
                    Number(l.Static?.Metric(evaluation.EnergyMetric)),
                    Number(l.Planned?.Metric(evaluation.EnergyMetric))
                        + (l.PlannedVerdict == SloVerdict.Met ? string.Empty : $" ({SloJudge.Word(l.PlannedVerdict)})"),
                    Change(l.Static?.Metric(evaluation.EnergyMetric), l.Planned?.Metric(evaluation.EnergyMetric)),
                }
            )
            .Append([
                "mean over levels",
                Number(evaluation.MeanEnergy(l => l.ComparedBaseline)),
                Number(evaluation.MeanEnergy(l => l.Static)),
                Number(evaluation.MeanEnergy(l => l.Planned)),
                Change(evaluation.MeanEnergy(l => l.Static), evaluation.MeanEnergy(l => l.Planned)),
            ]);

    /// <summary>What the plan's shared server knobs and best static configuration are, in words.</summary>
    public static IEnumerable<string> Facts(LoadPlanEvaluation evaluation)
    {
        yield return evaluation.Plan.ServerKnobs.Values.IsEmpty
            ? "Server knobs: none in the space; only the GPU knobs follow the load."
            : $"Server knobs shared by every band: {Knobs(evaluation.Plan.ServerKnobs)}.";
        yield return evaluation.Static is { } chosen
            ? "Best static configuration (the one configuration that meets the SLO at every level with the least "
                + $"mean {evaluation.EnergyMetric}): {Knobs(chosen)}."
            : "No single configuration measured at every level meets the SLO at every level: there is no best static "
                + "configuration to compare with.";
        var missed = evaluation.Plan.Bands.Where(b => !b.MeetsSlo && b.Measured).ToList();
        if (missed.Count > 0)
        {
            var rates = string.Join(", ", missed.Select(b => Number(b.LevelRequestsPerSecond)));
            yield return $"No configuration met the SLO at {rates} requests/s: those bands keep the closest "
                + "configuration found.";
            var undecided = missed.Where(b => b.Verdict == SloVerdict.Undecided).ToList();
            if (undecided.Count > 0)
            {
                var those = string.Join(", ", undecided.Select(b => Number(b.LevelRequestsPerSecond)));
                yield return $"At {those} requests/s that configuration's verdict is undecided: too few requests "
                    + "were seen to tell whether it met the SLO or missed it.";
            }
        }

        var unmeasured = evaluation.Plan.Bands.Where(b => !b.Measured).ToList();
        if (unmeasured.Count > 0)
        {
            var rates = string.Join(", ", unmeasured.Select(b => Number(b.LevelRequestsPerSecond)));
            yield return $"No trial at {rates} requests/s was valid with the shared server knobs (each run's "
                + "Validity lines say why; at light loads a high-percentile SLO needs more requests than the "
                + "longest window holds: raise trial max_window or judge a lower percentile). Those bands keep "
                + "the GPU's defaults.";
        }
    }

    private static string Knobs(Knobs.Configuration configuration) =>
        string.Join(" ", configuration.Values.Select(kv => $"{kv.Key}={kv.Value}"));
}
