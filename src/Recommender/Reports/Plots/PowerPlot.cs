using System.Text;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Reports.Plots;

/// <summary>
/// The SVG power plot of the baseline and recommended trials: their power traces over the measurement
/// window, or, where the target recorded no trace (replayed data), their average power as bars. A baseline that did
/// not carry the load (<see cref="Selection.BaselineCheck.Compared"/>) drew the power of another load and is left out.
/// </summary>
public static class PowerPlot
{
    public static string Render(ReportModel model)
    {
        var selection = model.Result.Selection;
        var series = new List<(string Name, Observation Observation)>();
        if (Selection.BaselineCheck.Compared(selection.Baseline) is { } baseline)
        {
            series.Add(("baseline", baseline));
        }

        if (model.Chosen is { } chosen)
        {
            series.Add((selection.Recommended is null ? "closest" : "recommendation", chosen));
        }

        var frame = PlotFrame.Standard;
        var text = new StringBuilder();
        var svg = new Svg(text);
        svg.Raw(
            $"<svg id=\"power\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{frame.Width}\" "
                + $"height=\"{frame.Height}\" viewBox=\"0 0 {frame.Width} {frame.Height}\" role=\"img\" "
                + $"aria-label=\"baseline and recommendation: {MetricCatalogue.AveragePower.Label}\">"
        );
        if (series.Any(s => s.Observation.PowerTrace.Length >= 2))
        {
            DrawTraces(svg, frame, series);
        }
        else
        {
            DrawAverages(svg, frame, series);
        }

        svg.Raw("</svg>");
        return text.ToString();
    }

    private static void DrawTraces(Svg svg, PlotFrame frame, List<(string Name, Observation Observation)> series)
    {
        var samples = series.SelectMany(s => s.Observation.PowerTrace).ToList();
        var x = AxisScale.Nice(0, samples.Max(p => p.Elapsed.TotalSeconds));
        var y = AxisScale.Nice(0, samples.Max(p => p.Power.Watts) * 1.05);
        frame.DrawAxes(svg, x, y, "time in the measurement window (s)", MetricCatalogue.AveragePower.Heading);
        var legend = 0;
        foreach (var (name, observation) in series.Where(s => s.Observation.PowerTrace.Length >= 2))
        {
            var points = observation.PowerTrace.Select(p =>
                (frame.X(x, p.Elapsed.TotalSeconds), frame.Y(y, p.Power.Watts))
            );
            svg.Polyline(points, $"power-trace {name}");
            svg.Line(
                frame.X1 - 150,
                frame.Y1 + 10 + (legend * 18),
                frame.X1 - 126,
                frame.Y1 + 10 + (legend * 18),
                $"legend-line {name}"
            );
            svg.Text(frame.X1 - 120, frame.Y1 + 14 + (legend * 18), "legend-label", name, "start");
            legend++;
        }
    }

    private static void DrawAverages(Svg svg, PlotFrame frame, List<(string Name, Observation Observation)> series)
    {
        var watts = series.Select(s => s.Observation.Metric(MetricNames.AveragePower) ?? 0).ToList();
        var y = AxisScale.Nice(0, Math.Max(1, watts.DefaultIfEmpty(0).Max()) * 1.05);
        var x = AxisScale.Nice(0, Math.Max(1, series.Count));
        frame.DrawAxes(
            svg,
            x with
            {
                Ticks = [],
            },
            y,
            "no power trace recorded: average power of each trial",
            MetricCatalogue.AveragePower.Heading
        );
        var slot = (frame.X1 - frame.X0) / Math.Max(1, series.Count);
        for (var i = 0; i < series.Count; i++)
        {
            var top = frame.Y(y, watts[i]);
            var left = frame.X0 + (i * slot) + (slot * 0.3);
            svg.Rect(
                left,
                top,
                slot * 0.4,
                frame.Y0 - top,
                $"power-bar {series[i].Name}",
                $"{series[i].Name}: {ReportFormat.Number(watts[i])} W, {MetricCatalogue.AveragePower.Label}"
            );
            svg.Text(left + (slot * 0.2), frame.Y0 + 19, "tick-label", series[i].Name);
            svg.Text(left + (slot * 0.2), top - 6, "bar-label", $"{ReportFormat.Number(watts[i])} W");
        }
    }
}
