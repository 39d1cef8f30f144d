using System.Text;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Reports.Plots;

/// <summary>
/// One panel per tuned numeric knob, as Optuna's slice plot: each configuration's energy (merged mean) against the
/// knob's value, blue when it meets the SLO and grey when it misses, so that a person sees which knob moves energy.
/// </summary>
public static class KnobPlot
{
    public static IEnumerable<string> Render(ReportModel model)
    {
        var result = model.Result;
        var points = result
            .Run.Merged.Where(o => o.Metric(result.EnergyMetric) is { } e && double.IsFinite(e) && e > 0)
            .ToList();
        foreach (var knob in result.Space.Knobs.Where(k => !k.IsPinned && k.Values.All(v => v.IsNumber)))
        {
            var panel = points.Where(o => o.Configuration.Number(knob.Name) is not null).ToList();
            if (panel.Count >= 2)
            {
                yield return Panel(model, knob, panel);
            }
        }
    }

    private static string Panel(ReportModel model, Knob knob, List<Observation> points)
    {
        var result = model.Result;
        var frame = PlotFrame.Standard with { Height = 300 };
        var text = new StringBuilder();
        var svg = new Svg(text);
        svg.Raw(
            $"<svg id=\"knob-{Svg.Escape(knob.Name)}\" class=\"knob-plot\" xmlns=\"http://www.w3.org/2000/svg\" "
                + $"width=\"{frame.Width}\" height=\"{frame.Height}\" viewBox=\"0 0 {frame.Width} {frame.Height}\" "
                + $"role=\"img\" aria-label=\"{Svg.Escape(result.EnergyMetric)} against {Svg.Escape(knob.Name)}\">"
        );
        var values = knob.Values.Select(v => v.Number!.Value).ToList();
        var x = AxisScale.Nice(values.Min(), values.Max());
        var y = AxisScale.For([.. points.Select(o => o.Metric(result.EnergyMetric)!.Value)]);
        var yLabel = $"{result.EnergyMetric} ({model.Unit}{(y.Logarithmic ? ", log" : string.Empty)})";
        frame.DrawAxes(svg, x, y, knob.Name, yLabel);
        svg.Raw("<g class=\"points\">");
        foreach (var o in points)
        {
            var meets = o.Feasible && SloJudge.Meets(o, result.Slo);
            var energy = o.Metric(result.EnergyMetric)!.Value;
            svg.Circle(
                frame.X(x, o.Configuration.Number(knob.Name)!.Value),
                frame.Y(y, energy),
                3.5,
                $"point {(meets ? "meets" : "misses")}",
                $"{o.Configuration.Key}: {ReportFormat.Number(energy)} {model.Unit}"
            );
        }

        svg.Raw("</g>");
        PlotLegend.DrawPoints(svg, frame, bestLine: false);
        svg.Raw("</svg>");
        return text.ToString();
    }
}
