using System.Net;
using System.Text;
using MLEnergy.Recommender.Reports.Plots;
using static MLEnergy.Recommender.Reports.ReportFormat;

namespace MLEnergy.Recommender.Reports;

/// <summary>Writes report.html: one self-contained page (inline CSS and SVG, no scripts, no network).</summary>
public static class HtmlReportWriter
{
    private const string Style =
        "body{font-family:system-ui,sans-serif;margin:2em;max-width:60em;color:#222}"
        + "table{border-collapse:collapse;margin:.5em 0}td,th{border:1px solid #ccc;padding:.25em "
        + ".6em}td.n{text-align:right}"
        + "pre{background:#f4f4f4;padding:.6em}svg{background:#fff;border:1px solid #ddd}"
        + ".axis-line,.tick{stroke:#333;stroke-width:1}.grid{stroke:#eee}"
        + ".tick-label,.bar-label,.legend-label,.marker-label{font-size:11px;fill:#333}"
        + ".axis-label{font-size:13px;fill:#111}.slo-line{stroke:#c0392b;stroke-width:2;stroke-dasharray:6 "
        + "4}.slo-label{font-size:11px;fill:#c0392b}"
        + ".frontier-line{fill:none;stroke:#2e86c1;stroke-width:1.5}.point.meets{fill:#2e86c1}"
        + ".point.misses,.point.infeasible{fill:#bbb}"
        + ".baseline .marker-shape{fill:none;stroke:#6c3483;stroke-width:2.5}.recommendation "
        + ".marker-shape{fill:#27ae60;stroke:#145a32;stroke-width:1.5}"
        + ".power-trace{fill:none;stroke-width:1.5}.power-trace.baseline,.legend-line.baseline{stroke:#6c3483}"
        + ".power-trace.recommendation,.power-trace.closest,"
        + ".legend-line.recommendation,.legend-line.closest{stroke:#27ae60}"
        + ".legend-line{stroke-width:3}.power-bar.baseline{fill:#6c3483}"
        + ".power-bar.recommendation,.power-bar.closest{fill:#27ae60}";

    public static string Write(ReportModel model)
    {
        var result = model.Result;
        var html = new StringBuilder();
        void Line(string text) => html.Append(text).Append('\n');
        Line("<!DOCTYPE html>");
        Line("<html lang=\"en\"><head><meta charset=\"utf-8\">");
        Line($"<title>Energy recommendation: {E(result.Space.Name)}</title>");
        Line($"<style>{Style}</style></head><body>");
        Line($"<h1>Energy recommendation: {E(result.Space.Name)}</h1>");
        if (!model.Options.Notes.IsEmpty)
        {
            Line(
                $"<h2>{E(model.Options.NotesHeading)}</h2>"
                    + $"<ul>{string.Concat(model.Options.Notes.Select(n => $"<li>{E(n)}</li>"))}</ul>"
            );
        }

        Line(
            $"<p>Target: {E(result.TargetDescription)}<br>Model: {E(result.Space.Model ?? "-")}; GPU: "
                + $"{E(result.Space.GpuModel ?? "-")}<br>SLO: {E(result.Slo.ToString())}; objective: least "
                + $"{E(result.EnergyMetric)} ({E(model.Unit)})</p>"
        );
        Line("<h2>Recommendation</h2>");
        Line($"<p class=\"decision\"><strong>Decision:</strong> {E(Results.DecisionText.Headline(result))}</p>");
        var varying = result.Space.Knobs.Where(k => !k.IsPinned).Select(k => k.Name).ToList();
        Line(
            result.Selection.Recommended is { } chosen
                ? $"<p class=\"recommendation\">Run <strong>{E(Describe(chosen.Configuration, varying))}</strong>.</p>"
                : $"<p class=\"no-recommendation\"><strong>No configuration meets the "
                    + "SLO.</strong>"
                    + (model.Chosen is { } c ? $" Closest: {E(Describe(c.Configuration, varying))}." : string.Empty)
                    + "</p>"
        );
        if (result.Selection.Savings is { } savings)
        {
            Line(
                $"<p class=\"savings\">Savings against the baseline: "
                    + $"<strong>{E(Results.DecisionText.SavingsText(savings))}</strong>, "
                    + $"{Number(savings.EnergyPerUnit.Joules)} {E(savings.Unit)}.</p>"
            );
        }
        else if (result.Selection.Recommended is not null && result.Selection.BaselineProblem is { } problem)
        {
            Line($"<p class=\"savings\">No savings are quoted: {E(problem)}.</p>");
        }

        if (model.Daily is { } daily)
        {
            Line(
                $"<p>At the baseline's observed load: {Number(daily.BaselineKwh)} → {Number(daily.RecommendedKwh)} "
                    + $"kWh/day"
                    + (daily.SavedCost is { } cost ? $", {Number(cost)} saved per day" : string.Empty)
                    + (daily.SavedKgCo2 is { } co2 ? $", {Number(co2)} kg CO2e less per day" : string.Empty)
                    + ".</p>"
            );
        }

        if (result.Selection.Recommended is not null && model.Plan is { IsEmpty: false } plan)
        {
            Line($"<h2>How to apply</h2><pre class=\"apply\">{E(string.Join("\n", plan.Lines()))}</pre>");
        }

        Line("<h2>Pareto frontier</h2>");
        Line(
            $"<figure>{ParetoPlot.Render(model)}<figcaption>{E(result.EnergyMetric)} against "
                + $"{E(result.LatencyMetric)}; grey points miss the SLO; the dashed line is the SLO "
                + $"bound.</figcaption></figure>"
        );
        Line("<h2>Power</h2>");
        Line(
            $"<figure>{PowerPlot.Render(model)}<figcaption>GPU power of the baseline and the recommended "
                + $"trial.</figcaption></figure>"
        );
        Line("<h2>Frontier table</h2>");
        Line(
            $"<table><tr><th>configuration</th><th>{E(result.LatencyMetric)} "
                + $"(ms)</th><th>{E(model.Unit)}</th><th>SLO</th></tr>"
        );
        foreach (var o in result.Frontier)
        {
            Line(
                $"<tr><td>{E(Describe(o.Configuration, varying))}</td><td "
                    + $"class=\"n\">{Number(o.Metric(result.LatencyMetric))}</td><td "
                    + $"class=\"n\">{Number(o.Metric(result.EnergyMetric))}</td>"
                    + $"<td>{MarkdownReportWriter.Verdict(o, model)}</td></tr>"
            );
        }

        Line("</table>");
        Line(
            Invariant($"<p>{result.Run.TrialsMeasured} trials over {result.Run.ConfigurationsMeasured} distinct ")
                + Invariant($"configurations (of {result.Run.Candidates} in the space) ")
                + Invariant($"({E(result.Run.Strategy)}); stopped because {E(result.Run.StopReason)}.</p>")
        );
        Line("</body></html>");
        return html.ToString();
    }

    private static string E(string text) => WebUtility.HtmlEncode(text);
}
