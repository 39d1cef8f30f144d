using System.Net;
using System.Text;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Reports.Plots;
using static MLEnergy.Recommender.Reports.ReportFormat;

namespace MLEnergy.Recommender.Reports;

/// <summary>Writes report.html: one self-contained page (inline CSS and SVG, no scripts, no network).</summary>
public static class HtmlReportWriter
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;color:#222}"
        + "table{border-collapse:collapse;margin:.5em 0}"
        + "td,th{border:1px solid #ccc;padding:.25em .6em}td.n{text-align:right}"
        + "pre{background:#f4f4f4;padding:.6em}svg{background:#fff;border:1px solid #ddd}"
        + ".axis-line,.tick{stroke:#333;stroke-width:1}.grid{stroke:#eee}"
        + ".tick-label,.bar-label,.legend-label,.marker-label{font-size:11px;fill:#333}"
        + ".axis-label{font-size:13px;fill:#111}"
        + ".slo-line{stroke:#c0392b;stroke-width:2;stroke-dasharray:6 4}.slo-label{font-size:11px;fill:#c0392b}"
        + ".frontier-line{fill:none;stroke:#2e86c1;stroke-width:1.5}.point.meets{fill:#2e86c1}"
        + ".point.misses,.point.infeasible{fill:#bbb}"
        + ".baseline .marker-shape{fill:none;stroke:#6c3483;stroke-width:2.5}"
        + ".recommendation .marker-shape{fill:#27ae60;stroke:#145a32;stroke-width:1.5}"
        + ".power-trace{fill:none;stroke-width:1.5}.power-trace.baseline,.legend-line.baseline{stroke:#6c3483}"
        + ".power-trace.recommendation,.power-trace.closest,"
        + ".legend-line.recommendation,.legend-line.closest{stroke:#27ae60}"
        + ".legend-line{stroke-width:3}.power-bar.baseline{fill:#6c3483}"
        + ".power-bar.recommendation,.power-bar.closest{fill:#27ae60}"
        + ".legend-point.meets{fill:#2e86c1}.legend-point.misses{fill:#bbb}"
        + ".marker-shape.baseline{fill:none;stroke:#6c3483;stroke-width:2.5}"
        + ".marker-shape.recommendation{fill:#27ae60;stroke:#145a32;stroke-width:1.5}"
        + ".plan-line{fill:none;stroke-width:2}.plan-line.baseline{stroke:#6c3483}.plan-line.static{stroke:#e67e22}"
        + ".plan-line.plan{stroke:#27ae60}.plan-point.baseline{fill:#6c3483}.plan-point.static{fill:#e67e22}"
        + ".plan-point.plan{fill:#27ae60}.plan-point.misses{fill:#fff;stroke:#888;stroke-width:1.5}"
        + ".repeat-interval{stroke:#2e86c1;stroke-width:1.5;opacity:.6}.legend-box{fill:#fff;stroke:#ccc}"
        + ".best-line{fill:none;stroke:#27ae60;stroke-width:2}";

    public static string Write(ReportModel model)
    {
        var result = model.Result;
        var body = MarkdownHtml.Convert(MarkdownReportWriter.Write(model));
        var figures =
            $"<figure>{ParetoPlot.Render(model)}<figcaption>{E(result.EnergyMetric)} against "
            + $"{E(result.LatencyMetric)}: each configuration at the mean of its trials, with the range of its "
            + "repeats; grey points miss the SLO; the dashed line is the SLO bound.</figcaption></figure>\n"
            + (
                ParetoPlot.RenderZoomed(model) is { } zoomed
                    ? $"<figure>{zoomed}<figcaption>The same, zoomed to latencies from "
                        + $"{ParetoPlot.ZoomFrom:0.##} to {ParetoPlot.ZoomTo:0.##} times the SLO bound, where the "
                        + "choice is made.</figcaption></figure>\n"
                    : string.Empty
            )
            + $"<figure>{PowerPlot.Render(model)}<figcaption>The baseline and the recommended trial: "
            + $"{MetricCatalogue.AveragePower.Label} (not per GPU).</figcaption></figure>\n"
            + $"<figure>{HistoryPlot.Render(model)}<figcaption>Optimisation history: each trial's "
            + $"{E(result.EnergyMetric)} in the order it ran (grey misses the SLO) and the best that met the SLO so "
            + "far.</figcaption></figure>\n"
            + string.Concat(
                KnobPlot
                    .Render(model)
                    .Select(svg =>
                        $"<figure>{svg}<figcaption>{E(result.EnergyMetric)} of each configuration against one "
                        + "knob's value (grey misses the SLO).</figcaption></figure>\n"
                    )
            );
        var frontier = body.IndexOf("<h2>Pareto frontier", StringComparison.Ordinal);
        body = frontier < 0 ? body + figures : body.Insert(body.IndexOf('\n', frontier) + 1, figures);
        if (model.Options.LoadPlan is { } plan)
        {
            var heading = body.IndexOf($"<h2>{LoadPlanSection.Heading}", StringComparison.Ordinal);
            body = body.Insert(
                body.IndexOf('\n', heading) + 1,
                $"<figure>{LoadPlanPlot.Render(plan)}<figcaption>{E(plan.EnergyMetric)} against the offered "
                    + "request rate for the baseline, the best static configuration and the plan; a hollow point "
                    + "misses the SLO.</figcaption></figure>\n"
            );
        }

        var html = new StringBuilder();
        html.Append("<!DOCTYPE html>\n");
        html.Append("<html lang=\"en\"><head><meta charset=\"utf-8\">\n");
        html.Append($"<title>Energy recommendation: {E(result.Space.Name)}</title>\n");
        html.Append($"<style>{Style}</style></head><body>\n");
        html.Append(body);
        html.Append("</body></html>\n");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
