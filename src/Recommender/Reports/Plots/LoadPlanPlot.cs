using System.Text;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Plans;

namespace MLEnergy.Recommender.Reports.Plots;

/// <summary>
/// The SVG of a plan per load level: energy against offered request rate for the baseline, the best static
/// configuration and the plan, one line each through the levels; a hollow point is a level where that line does not
/// meet the SLO (its title says whether it missed it or was undecided).
/// </summary>
public static class LoadPlanPlot
{
    private static readonly (string Name, string Label)[] Series =
    [
        ("baseline", "baseline"),
        ("static", "best static configuration"),
        ("plan", "plan per load level"),
    ];

    public static string Render(LoadPlanEvaluation evaluation)
    {
        var metric = evaluation.EnergyMetric;
        var lines = Series
            .Select(s =>
                (
                    s.Name,
                    s.Label,
                    Points: evaluation
                        .Levels.Select(l =>
                            (l.RequestsPerSecond, Observation: Pick(s.Name, l), Verdict: Verdict(s.Name, l, evaluation))
                        )
                        .Where(p => p.Observation?.Metric(metric) is not null)
                        .Select(p => (X: p.RequestsPerSecond, Y: p.Observation!.Metric(metric)!.Value, p.Verdict))
                        .ToList()
                )
            )
            .ToList();
        var frame = PlotFrame.Standard;
        var text = new StringBuilder();
        var svg = new Svg(text);
        svg.Raw(
            $"<svg id=\"load-plan\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{frame.Width}\" "
                + $"height=\"{frame.Height}\" viewBox=\"0 0 {frame.Width} {frame.Height}\" role=\"img\" "
                + $"aria-label=\"{Svg.Escape(metric)} against request rate: baseline, best static and plan\">"
        );
        var all = lines.SelectMany(l => l.Points).ToList();
        var x = AxisScale.Nice(0, Math.Max(1, evaluation.Levels.Max(l => l.RequestsPerSecond)) * 1.05);
        var y = AxisScale.Nice(0, Math.Max(1e-6, all.Count == 0 ? 1 : all.Max(p => p.Y)) * 1.1);
        frame.DrawAxes(svg, x, y, "offered load (requests/s)", $"{metric} ({Unit(metric)})");
        var row = 0;
        foreach (var (name, label, points) in lines)
        {
            svg.Raw($"<g class=\"series {name}\">");
            if (points.Count >= 2)
            {
                svg.Polyline(points.Select(p => (frame.X(x, p.X), frame.Y(y, p.Y))), $"plan-line {name}");
            }

            foreach (var p in points)
            {
                svg.Circle(
                    frame.X(x, p.X),
                    frame.Y(y, p.Y),
                    4,
                    $"plan-point {name} {(p.Verdict == SloVerdict.Met ? "meets" : "misses")}",
                    $"{label} at {ReportFormat.Number(p.X)} requests/s: {ReportFormat.Number(p.Y)} {Unit(metric)}"
                        + p.Verdict switch
                        {
                            SloVerdict.Met => string.Empty,
                            SloVerdict.Missed => " (misses the SLO)",
                            _ => " (undecided on the SLO)",
                        }
                );
            }

            var legendY = frame.Y1 + 10 + (row * 18);
            svg.Line(frame.X1 - 200, legendY, frame.X1 - 176, legendY, $"plan-line {name}");
            svg.Text(frame.X1 - 170, legendY + 4, "legend-label", label, "start");
            svg.Raw("</g>");
            row++;
        }

        svg.Raw("</svg>");
        return text.ToString();
    }

    private static Observation? Pick(string series, LevelComparison level) =>
        series switch
        {
            "baseline" => level.ComparedBaseline,
            "static" => level.Static,
            _ => level.Planned,
        };

    private static SloVerdict Verdict(string series, LevelComparison level, LoadPlanEvaluation evaluation) =>
        series switch
        {
            "plan" => level.PlannedVerdict,
            "static" => level.Static is not null ? SloVerdict.Met : SloVerdict.Missed,
            _ => level.ComparedBaseline is { } b && evaluation.Plan.Bands.Count > 0 && MeetsBound(b, evaluation)
                ? SloVerdict.Met
                : SloVerdict.Missed,
        };

    private static bool MeetsBound(Observation observation, LoadPlanEvaluation evaluation) =>
        observation.Feasible
        && observation.Metric(evaluation.Plan.SloMetric) is { } latency
        && latency <= evaluation.Plan.SloBoundMs;

    private static string Unit(string metric) => Metrics.MetricCatalogue.Find(metric)?.Unit ?? string.Empty;
}
