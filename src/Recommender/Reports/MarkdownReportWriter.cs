using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Results;
using static MLEnergy.Recommender.Reports.ReportFormat;

namespace MLEnergy.Recommender.Reports;

/// <summary>Writes report.md: the recommendation and how to apply it, for an operations ticket.</summary>
public static class MarkdownReportWriter
{
    public static string Write(ReportModel model)
    {
        using var text = new StringWriter(System.Globalization.CultureInfo.InvariantCulture) { NewLine = "\n" };
        Write(text, model);
        return text.ToString();
    }

    public static void Write(TextWriter output, ReportModel model)
    {
        var result = model.Result;
        output.WriteLine($"# Energy recommendation: {result.Space.Name}");
        output.WriteLine();
        if (!model.Options.Notes.IsEmpty)
        {
            output.WriteLine($"## {model.Options.NotesHeading}");
            output.WriteLine();
            foreach (var note in model.Options.Notes)
            {
                output.WriteLine($"- {note}");
            }

            output.WriteLine();
        }

        if (model.Options.LoadPlan is { } plan)
        {
            LoadPlanSection.Write(output, plan);
            output.WriteLine("The rest of this report is the top level's tuning, at its rate with every knob.");
            output.WriteLine();
        }

        output.WriteLine($"- Target: {result.TargetDescription}");
        output.WriteLine($"- Model: {result.Space.Model ?? "-"}; GPU: {result.Space.GpuModel ?? "-"}");
        output.WriteLine($"- SLO: {result.Slo} ({result.Slo.Confidence} confidence)");
        output.WriteLine($"- Objective: least {result.EnergyMetric} ({model.Unit})");
        if (Results.TokenCountText.Line(result) is { } tokens)
        {
            output.WriteLine($"- Tokens: {tokens}");
        }

        foreach (var line in Results.ValidityText.Lines(result))
        {
            output.WriteLine($"- Validity: {line}");
        }

        output.WriteLine();
        WriteRecommendation(output, model);
        MarkdownSections.WriteApply(output, model);
        MarkdownSections.WriteSloCheck(output, model);
        MarkdownSections.WriteFrontier(output, model);
        MarkdownSections.WriteTuning(output, model);
    }

    private static void WriteRecommendation(TextWriter output, ReportModel model)
    {
        var result = model.Result;
        var selection = result.Selection;
        var varying = result.DescribedKnobs;
        output.WriteLine("## Recommendation");
        output.WriteLine();
        output.WriteLine($"**Decision:** {Results.DecisionText.Headline(result)}");
        output.WriteLine();
        if (selection.Recommended is { } chosen)
        {
            output.WriteLine($"Recommended configuration: **{Describe(chosen.Configuration, varying)}**.");
        }
        else
        {
            if (model.Chosen is { } closest)
            {
                output.WriteLine(
                    $"The closest is {Describe(closest.Configuration, varying)}; it is shown below but is not a "
                        + $"recommendation."
                );
            }
            else
            {
                foreach (var reason in Results.DecisionText.InfeasibleReasons(result))
                {
                    output.WriteLine($"- {reason}");
                }
            }
        }

        output.WriteLine();
        if (model.Chosen is null || model.ChosenFigures is not { } after)
        {
            return;
        }

        var before = model.BaselineFigures;
        var baseline = Selection.BaselineCheck.Compared(selection.Baseline);
        output.WriteLine(
            $"| | baseline{Results.DecisionText.MeanOf(result, baseline)} | "
                + $"{(selection.Recommended is null ? "closest" : "recommended")}"
                + $"{Results.DecisionText.MeanOf(result, model.Chosen)} | change |"
        );
        output.WriteLine("| --- | ---: | ---: | ---: |");
        foreach (var c in result.Slo.Constraints)
        {
            var unit = MetricCatalogue.Find(c.MetricName)?.Unit ?? "ms";
            var (was, now) = (baseline?.Metric(c.MetricName), model.Chosen.Metric(c.MetricName));
            output.WriteLine(
                $"| {c.MetricName} ({unit}) | {Against(was, c.ThresholdMs)} | {Against(now, c.ThresholdMs)} | "
                    + $"{Change(was, now)} |"
            );
        }

        Row(output, $"{result.EnergyMetric} ({model.Unit})", before?.PerUnit?.Joules, after.PerUnit?.Joules);
        if (result.EnergyMetric != Metrics.MetricNames.EnergyPerToken)
        {
            Row(output, "J/token", before?.PerToken?.Joules, after.PerToken?.Joules);
        }

        Row(output, "J/request", before?.PerRequest?.Joules, after.PerRequest?.Joules);
        Row(output, MetricCatalogue.AveragePower.Heading, before?.AveragePower?.Watts, after.AveragePower?.Watts);
        var perGpu = MetricCatalogue.AveragePowerPerGpu.Name;
        if (model.Chosen.Metric(perGpu) is not null || baseline?.Metric(perGpu) is not null)
        {
            Row(
                output,
                MetricCatalogue.AveragePowerPerGpu.Heading,
                baseline?.Metric(perGpu),
                model.Chosen.Metric(perGpu)
            );
        }

        if (MetricCatalogue.ThroughputOf(result.EnergyMetric) is { } throughput)
        {
            Row(output, $"{throughput.Unit} (measured)", before?.UnitsPerSecond, after.UnitsPerSecond);
        }

        Row(
            output,
            $"{model.Unit.Replace("J/", string.Empty, StringComparison.Ordinal)}s per joule (MLPerf Power)",
            before?.UnitsPerJoule,
            after.UnitsPerJoule
        );
        Row(output, "mJ per query (MLPerf Power)", before?.MillijoulesPerQuery, after.MillijoulesPerQuery);
        output.WriteLine();
        if (selection.Savings is { } savings)
        {
            var text = Results.DecisionText.SavingsText(savings, selection.MinimumSavingPercent);
            output.WriteLine(
                $"Savings against the baseline: **{text}**, {Results.DecisionText.PerUnitText(savings, Number)}."
            );
            output.WriteLine();
        }
        else if (selection.Recommended is not null && selection.BaselineProblem is { } problem)
        {
            output.WriteLine($"No savings are quoted: {problem}.");
            output.WriteLine();
        }
        else if (baseline is null && selection.Baseline is { } notCompared)
        {
            output.WriteLine(
                $"The baseline is not compared: it {Observations.KeepUpRule.CouldNot(notCompared.InfeasibleReason)} "
                    + $"({notCompared.InfeasibleReason ?? "no reason given"})."
            );
            output.WriteLine();
        }

        if (selection.Recommended is not null && selection.Capacity is { } capacity)
        {
            output.WriteLine(capacity.Sentence());
            output.WriteLine();
        }

        if (selection.Recommended is not null && Results.DecisionText.CannotCarry(result, varying) is { } ruledOut)
        {
            output.WriteLine(ruledOut);
            output.WriteLine();
        }

        if (model.Daily is { } daily)
        {
            MarkdownSections.WriteDaily(output, model, daily);
        }
    }

    private static void Row(TextWriter output, string name, double? before, double? after) =>
        output.WriteLine($"| {name} | {Number(before)} | {Number(after)} | {Change(before, after)} |");

    internal static string Verdict(Observation o, ReportModel model) => ReportFormat.SloWord(o, model.Result.Slo);
}
