using System.Text;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Selection;

namespace MLEnergy.Recommender.Reports.Plots;

/// <summary>
/// The optimisation history, as Optuna shows it: every trial's energy against its number (blue when it meets the
/// SLO, grey when it misses or its configuration could not carry the load over its trials taken together,
/// <see cref="Search.TuningRun.NotCarried"/>; none when it could not run), and the recommendation so far as a step
/// line: the energy <see cref="RecommendationSelector.Leader"/> gives after each trial (repeats averaged, the load
/// carried, the throughput floor kept), so that the line ends at the recommendation's own figure.
/// </summary>
public static class HistoryPlot
{
    public static string Render(ReportModel model)
    {
        var result = model.Result;
        var trials = result
            .Run.Observations.Select((o, i) => (Number: i + 1, Observation: o, Energy: o.Metric(result.EnergyMetric)))
            .Where(t => t.Energy is { } e && double.IsFinite(e) && e > 0)
            .ToList();
        var frame = PlotFrame.Standard;
        var text = new StringBuilder();
        var svg = new Svg(text);
        svg.Raw(
            $"<svg id=\"history\" xmlns=\"http://www.w3.org/2000/svg\" width=\"{frame.Width}\" "
                + $"height=\"{frame.Height}\" viewBox=\"0 0 {frame.Width} {frame.Height}\" role=\"img\" "
                + $"aria-label=\"{Svg.Escape(result.EnergyMetric)} of each trial and the recommendation so far\">"
        );
        var x = AxisScale.Nice(0, Math.Max(1, result.Run.Observations.Count));
        var y = AxisScale.For([.. trials.Select(t => t.Energy!.Value)]);
        var yLabel = $"{result.EnergyMetric} ({model.Unit}{(y.Logarithmic ? ", log scale" : string.Empty)})";
        frame.DrawAxes(svg, x, y, "trial", yLabel);
        var best = new List<(double X, double Y)>();
        double? bestSoFar = null;
        var leader = RecommendationSelector.Leader(
            result.Slo,
            result.Space.Objective,
            result.Space.Baseline,
            result.Selection.Capacity?.Floor,
            result.Space
        );
        var notCarried = result.Run.NotCarried();
        svg.Raw("<g class=\"points\">");
        foreach (var (number, observation, energy) in trials)
        {
            var carried = !notCarried.ContainsKey(result.Run.Twins.Representative(observation.Configuration));
            var meets = observation.Feasible && carried && SloJudge.Meets(observation, result.Slo);
            var verdict =
                meets ? "meets the SLO"
                : !carried ? "its configuration cannot carry the load"
                : SloJudge.Overall(observation, result.Slo) == SloVerdict.Undecided ? "undecided on the SLO"
                : "misses the SLO";
            svg.Circle(
                frame.X(x, number),
                frame.Y(y, energy!.Value),
                3.5,
                $"point {(meets ? "meets" : "misses")}",
                $"trial {number}: {ReportFormat.Number(energy)} {model.Unit} ({verdict})"
            );
            if (
                leader([.. result.Run.Observations.Take(number)])?.Metric(result.EnergyMetric) is { } led
                && led > 0
                && led != bestSoFar
            )
            {
                if (bestSoFar is { } previous)
                {
                    best.Add((frame.X(x, number), frame.Y(y, previous)));
                }

                bestSoFar = led;
                best.Add((frame.X(x, number), frame.Y(y, led)));
            }
        }

        svg.Raw("</g>");
        if (bestSoFar is { } last)
        {
            best.Add((frame.X(x, result.Run.Observations.Count), frame.Y(y, last)));
            svg.Polyline(best, "best-line");
        }

        PlotLegend.DrawPoints(svg, frame, bestLine: bestSoFar is not null);
        svg.Raw("</svg>");
        return text.ToString();
    }
}
