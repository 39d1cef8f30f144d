using System.Text;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Reports.Plots;

/// <summary>
/// The SVG Pareto plot: energy per unit against the SLO's latency, every measured configuration a point at its
/// merged mean (grey when it misses the SLO) with the range of its repeats, the frontier joined through every
/// frontier configuration, the SLO bound a vertical line, the baseline a square (labelled infeasible and not
/// compared where it could not run or keep up: <see cref="Selection.BaselineCheck.Compared"/>) and the
/// recommendation a diamond, and a legend. The energy axis is logarithmic where the energies span a factor of ten
/// or more.
/// </summary>
public static class ParetoPlot
{
    /// <summary>The share of the SLO bound the zoomed view starts at, and where it ends.</summary>
    public const double ZoomFrom = 0.5;

    public const double ZoomTo = 1.1;

    public static string Render(ReportModel model) => Render(model, zoom: false)!;

    /// <summary>
    /// The same plot zoomed to latencies from <see cref="ZoomFrom"/> to <see cref="ZoomTo"/> of the SLO bound, where
    /// the decision is made; null when fewer than two configurations fall there or the full plot shows it as well.
    /// </summary>
    public static string? RenderZoomed(ReportModel model)
    {
        var result = model.Result;
        var threshold = result.Slo.Primary.ThresholdMs;
        var all = result.Run.Merged.Where(o => Plottable(o, model)).ToList();
        var near = all.Count(o => InZoom(o, model, threshold));
        var widest = all.Select(o => o.Metric(result.LatencyMetric)!.Value).DefaultIfEmpty(0).Max();
        return near >= 2 && widest > 2 * threshold ? Render(model, zoom: true) : null;
    }

    private static bool InZoom(Observation o, ReportModel model, double threshold) =>
        o.Metric(model.Result.LatencyMetric) is { } l && l >= ZoomFrom * threshold && l <= ZoomTo * threshold;

    private static string? Render(ReportModel model, bool zoom)
    {
        var result = model.Result;
        var frame = PlotFrame.Standard;
        var threshold = result.Slo.Primary.ThresholdMs;
        var points = result
            .Run.Merged.Where(o => Plottable(o, model) && (!zoom || InZoom(o, model, threshold)))
            .ToList();
        var repeats = Repeats(model)
            .Where(r => !zoom || (r.Latency >= ZoomFrom * threshold && r.Latency <= ZoomTo * threshold))
            .ToList();
        var latencies = points.Select(o => o.Metric(result.LatencyMetric)!.Value).Append(threshold).ToList();
        var energies = points
            .Select(o => o.Metric(result.EnergyMetric)!.Value)
            .Concat(repeats.SelectMany(r => new[] { r.Low, r.High }))
            .ToList();
        var x = zoom
            ? AxisScale.Nice(ZoomFrom * threshold, ZoomTo * threshold)
            : AxisScale.Nice(Math.Min(0, latencies.Min()), latencies.Max() * 1.05);
        var y = AxisScale.For(energies);
        var text = new StringBuilder();
        var svg = new Svg(text);
        svg.Raw(
            $"<svg id=\"{(zoom ? "pareto-zoom" : "pareto")}\" xmlns=\"http://www.w3.org/2000/svg\" "
                + $"width=\"{frame.Width}\" "
                + $"height=\"{frame.Height}\" viewBox=\"0 0 {frame.Width} {frame.Height}\" role=\"img\" "
                + $"aria-label=\"Pareto plot of {Svg.Escape(result.EnergyMetric)} against "
                + $"{Svg.Escape(result.LatencyMetric)}\">"
        );
        var yLabel = $"{result.EnergyMetric} ({model.Unit}{(y.Logarithmic ? ", log scale" : string.Empty)})";
        frame.DrawAxes(svg, x, y, $"{result.LatencyMetric} (ms)", yLabel);
        var sloX = frame.X(x, threshold);
        svg.Line(sloX, frame.Y0, sloX, frame.Y1, "slo-line");
        svg.Text(sloX + 4, frame.Y1 + 12, "slo-label", $"SLO {result.Slo.Primary}", "start");
        var frontier = result
            .Frontier.Where(o => Plottable(o, model) && (!zoom || InZoom(o, model, threshold)))
            .Select(o => Position(frame, x, y, o, model));
        svg.Polyline(frontier.ToList(), "frontier-line");
        svg.Raw("<g class=\"repeats\">");
        foreach (var r in repeats)
        {
            var px = frame.X(x, r.Latency);
            svg.Line(px, frame.Y(y, r.Low), px, frame.Y(y, r.High), "repeat-interval");
        }

        svg.Raw("</g>");
        svg.Raw("<g class=\"points\">");
        foreach (var o in points)
        {
            var (px, py) = Position(frame, x, y, o, model);
            // Drawn blue when met, grey otherwise; named with the tables' one word (an undecided one is no miss).
            var word = ReportFormat.SloWord(o, result.Slo);
            var state =
                word == "met" ? "meets"
                : word == "infeasible" ? "infeasible"
                : "misses";
            svg.Circle(
                px,
                py,
                4.5,
                $"point {state}",
                $"{ReportFormat.Describe(o.Configuration, Varying(model))}: "
                    + $"{result.LatencyMetric} {Results.SummaryTextWriter.Latency(o, result)} ms, "
                    + $"{ReportFormat.Number(o.Metric(result.EnergyMetric))} {model.Unit} ({word})"
            );
        }

        svg.Raw("</g>");
        if (
            result.Selection.Baseline is { } baseline
            && Plottable(baseline, model)
            && (!zoom || InZoom(baseline, model, threshold))
        )
        {
            var (bx, by) = Position(frame, x, y, baseline, model);
            svg.Raw("<g class=\"marker baseline\">");
            svg.Rect(bx - 7, by - 7, 14, 14, "marker-shape", "baseline");
            var label = Selection.BaselineCheck.Compared(baseline) is null
                ? "baseline (infeasible, not compared)"
                : "baseline";
            svg.Text(bx + 10, by - 10, "marker-label", label, "start");
            svg.Raw("</g>");
        }

        if (
            result.Selection.Recommended is { } chosen
            && Plottable(chosen, model)
            && (!zoom || InZoom(chosen, model, threshold))
        )
        {
            var (rx, ry) = Position(frame, x, y, chosen, model);
            svg.Raw("<g class=\"marker recommendation\">");
            svg.Polygon([(rx, ry - 10), (rx + 10, ry), (rx, ry + 10), (rx - 10, ry)], "marker-shape", "recommended");
            svg.Text(rx + 12, ry + 18, "marker-label", "recommended", "start");
            svg.Raw("</g>");
        }

        PlotLegend.Draw(svg, frame);
        svg.Raw("</svg>");
        return text.ToString();
    }

    private static bool Plottable(Observation o, ReportModel model) =>
        o.Metric(model.Result.LatencyMetric) is { } l
        && double.IsFinite(l)
        && o.Metric(model.Result.EnergyMetric) is { } e
        && double.IsFinite(e)
        && e > 0;

    /// <summary>Configurations measured more than once: the mean latency and the range of energies seen.</summary>
    private static List<(double Latency, double Low, double High)> Repeats(ReportModel model)
    {
        var result = model.Result;
        return
        [
            .. result
                .Run.Observations.Where(o => o.Fidelity == TrialFidelity.Full && Plottable(o, model))
                .GroupBy(o => o.Configuration)
                .Where(g => g.Count() > 1)
                .Select(g =>
                    (
                        g.Average(o => o.Metric(result.LatencyMetric)!.Value),
                        g.Min(o => o.Metric(result.EnergyMetric)!.Value),
                        g.Max(o => o.Metric(result.EnergyMetric)!.Value)
                    )
                ),
        ];
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

    private static List<string> Varying(ReportModel model) => model.Result.DescribedKnobs;
}
