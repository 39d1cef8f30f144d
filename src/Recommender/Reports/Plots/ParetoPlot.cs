using System.Text;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Reports.Plots;

/// <summary>
/// The SVG Pareto plot: energy per unit against the SLO's latency, every measured configuration a point
/// (grey when it misses the SLO), the frontier joined, the SLO bound a vertical line, the baseline a square
/// and the recommendation a diamond.
/// </summary>
public static class ParetoPlot
{
    public static string Render(ReportModel model)
    {
        var result = model.Result;
        var frame = PlotFrame.Standard;
        var points = result
            .Run.Observations.Where(o =>
                o.Metric(result.LatencyMetric) is { } l
                && double.IsFinite(l)
                && o.Metric(result.EnergyMetric) is { } e
                && double.IsFinite(e)
            )
            .GroupBy(o => o.Configuration)
            .Select(g => g.Last())
            .ToList();
        var threshold = result.Slo.Primary.ThresholdMs;
        var latencies = points.Select(o => o.Metric(result.LatencyMetric)!.Value).Append(threshold).ToList();
        var energies = points.Select(o => o.Metric(result.EnergyMetric)!.Value).DefaultIfEmpty(0).ToList();
        var x = AxisScale.Nice(Math.Min(0, latencies.Min()), latencies.Max() * 1.05);
        var y = AxisScale.Nice(Math.Min(0, energies.Min()), energies.Max() * 1.05);
        var text = new StringBuilder();
        var svg = new Svg(text);
        svg.Raw(
            $"<svg id=\"pareto\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{frame.Width}\" "
                + $"height=\"{frame.Height}\" viewBox=\"0 0 {frame.Width} {frame.Height}\" role=\"img\" "
                + $"aria-label=\"Pareto plot of {Svg.Escape(result.EnergyMetric)} against "
                + $"{Svg.Escape(result.LatencyMetric)}\">"
        );
        frame.DrawAxes(svg, x, y, $"{result.LatencyMetric} (ms)", $"{result.EnergyMetric} ({model.Unit})");
        var sloX = frame.X(x, threshold);
        svg.Line(sloX, frame.Y0, sloX, frame.Y1, "slo-line");
        svg.Text(sloX + 4, frame.Y1 + 12, "slo-label", $"SLO {result.Slo.Primary}", "start");
        var frontier = result.Frontier.Where(points.Contains).Select(o => Position(frame, x, y, o, model)).ToList();
        if (frontier.Count > 1)
        {
            svg.Polyline(frontier, "frontier-line");
        }

        svg.Raw("<g class=\"points\">");
        foreach (var o in points)
        {
            var (px, py) = Position(frame, x, y, o, model);
            var state =
                !o.Feasible ? "infeasible"
                : SloJudge.Meets(o, result.Slo) ? "meets"
                : "misses";
            svg.Circle(
                px,
                py,
                4.5,
                $"point {state}",
                $"{ReportFormat.Describe(o.Configuration, Varying(model))}: "
                    + $"{ReportFormat.Number(o.Metric(result.LatencyMetric))} ms, "
                    + $"{ReportFormat.Number(o.Metric(result.EnergyMetric))} {model.Unit} ({state})"
            );
        }

        svg.Raw("</g>");
        if (result.Selection.Baseline is { } baseline && points.Contains(baseline))
        {
            var (bx, by) = Position(frame, x, y, baseline, model);
            svg.Raw("<g class=\"marker baseline\">");
            svg.Rect(bx - 7, by - 7, 14, 14, "marker-shape", "baseline");
            svg.Text(bx + 10, by - 10, "marker-label", "baseline", "start");
            svg.Raw("</g>");
        }

        if (result.Selection.Recommended is { } chosen && points.Contains(chosen))
        {
            var (rx, ry) = Position(frame, x, y, chosen, model);
            svg.Raw("<g class=\"marker recommendation\">");
            svg.Polygon([(rx, ry - 10), (rx + 10, ry), (rx, ry + 10), (rx - 10, ry)], "marker-shape", "recommended");
            svg.Text(rx + 12, ry + 18, "marker-label", "recommended", "start");
            svg.Raw("</g>");
        }

        svg.Raw("</svg>");
        return text.ToString();
    }

    private static (double X, double Y) Position(
        PlotFrame frame,
        AxisScale x,
        AxisScale y,
        Observation o,
        ReportModel model
    ) =>
        (
            frame.X(x, o.Metric(model.Result.LatencyMetric)!.Value),
            frame.Y(y, o.Metric(model.Result.EnergyMetric)!.Value)
        );

    private static List<string> Varying(ReportModel model) =>
        [.. model.Result.Space.Knobs.Where(k => !k.IsPinned).Select(k => k.Name)];
}
