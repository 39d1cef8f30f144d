using System.Globalization;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Units;
using static MLEnergy.Recommender.Reports.ReportFormat;

namespace MLEnergy.Recommender.Reports;

/// <summary>The later sections of report.md: daily figures, how to apply, SLO check, frontier, tuning cost.</summary>
internal static class MarkdownSections
{
    public static void WriteDaily(TextWriter output, ReportModel model, DailyFigures daily)
    {
        var unit = model.Unit.Replace("J/", string.Empty, StringComparison.Ordinal);
        var rate = (MetricCatalogue.ThroughputOf(model.Result.EnergyMetric) ?? MetricCatalogue.TokenThroughput).Unit;
        output.WriteLine("### At the load both carry");
        output.WriteLine();
        output.WriteLine(
            Invariant($"The baseline served {Number(model.BaselineFigures?.UnitsPerSecond)} {rate} and the ")
                + Invariant($"recommendation {Number(model.ChosenFigures?.UnitsPerSecond)}; both carry ")
                + Invariant($"{Number(daily.UnitsPerSecond)} {rate} (the smaller), and a day of that work is ")
                + Invariant($"{Number(daily.UnitsPerDay)} {unit}s.")
        );
        output.WriteLine();
        output.WriteLine("| per day | baseline | recommended | saved |");
        output.WriteLine("| --- | ---: | ---: | ---: |");
        output.WriteLine(
            $"| energy (kWh) | {Number(daily.BaselineKwh)} | {Number(daily.RecommendedKwh)} | "
                + $"{Saved(daily.SavedKwh)} |"
        );
        if (daily.PricePerKwh is { } price)
        {
            output.WriteLine(
                $"| cost (at {Number(price)} per kWh) | {Number(daily.BaselineCost)} | "
                    + $"{Number(daily.RecommendedCost)} | {Saved(daily.SavedCost)} |"
            );
        }

        if (daily.GramsCo2PerKwh is { } grams)
        {
            output.WriteLine(
                $"| emissions (kg CO2e at {Number(grams)} g/kWh) | {Number(daily.BaselineKgCo2)} | "
                    + $"{Number(daily.RecommendedKgCo2)} | {Saved(daily.SavedKgCo2)} |"
            );
        }

        output.WriteLine();
    }

    /// <summary>
    /// A day's saving as the savings line words one: a negative saving is none, with how much more the recommendation
    /// uses (<c>none: 2.40 more</c>), never <c>-2.40</c>.
    /// </summary>
    private static string Saved(double? value) => value < 0 ? $"none: {Number(-value)} more" : Number(value);

    public static void WriteApply(TextWriter output, ReportModel model)
    {
        if (model.Result.Selection.Recommended is null || model.Plan is not { } plan)
        {
            return;
        }

        output.WriteLine("## How to apply");
        output.WriteLine();
        if (plan.GpuCommands.IsEmpty)
        {
            output.WriteLine("No GPU setting changes (clock and power limit are not knobs of this space).");
        }
        else
        {
            output.WriteLine("As root (clock and power-limit changes need root or CAP_SYS_ADMIN):");
            output.WriteLine();
            output.WriteLine("```sh");
            foreach (var line in plan.GpuCommands)
            {
                output.WriteLine(line);
            }

            output.WriteLine("```");
            if (!plan.RevertCommands.IsEmpty)
            {
                output.WriteLine();
                output.WriteLine("To go back to the baseline's GPU settings:");
                output.WriteLine();
                output.WriteLine("```sh");
                foreach (var line in plan.RevertCommands)
                {
                    output.WriteLine(line);
                }

                output.WriteLine("```");
            }

            foreach (var note in plan.Notes)
            {
                output.WriteLine();
                output.WriteLine($"Note: {note}.");
            }
        }

        output.WriteLine();
        if (!plan.ServerFlags.IsEmpty)
        {
            output.WriteLine($"Serving engine flags: `{string.Join(' ', plan.ServerFlags)}`");
            output.WriteLine();
        }

        foreach (var note in plan.NotApplied)
        {
            output.WriteLine($"- Not a command: {note}");
        }

        var id = model.Options.RunId;
        output.WriteLine(
            (id, model.Options.HostCanApply) switch
            {
                (null, _) =>
                    "- `mlenergy history` lists this run's id; `mlenergy apply ID --print` prints these lines.",
                (_, false) => $"- These measurements come from a simulated or replayed host: there is nothing to "
                    + $"apply there. `mlenergy apply {id} --print` prints these lines for a real host.",
                _ => $"- `mlenergy apply {id}` applies it with a journal (`mlenergy restore` puts the original "
                    + $"settings back); `mlenergy apply {id} --print` prints these lines.",
            }
        );
        output.WriteLine();
    }

    public static void WriteSloCheck(TextWriter output, ReportModel model)
    {
        if (model.SloChecks.IsEmpty)
        {
            return;
        }

        output.WriteLine("## SLO check");
        output.WriteLine();
        output.WriteLine("| constraint | measured (ms) | bound (ms) | verdict | headroom |");
        output.WriteLine("| --- | ---: | ---: | --- | ---: |");
        foreach (var check in model.SloChecks)
        {
            output.WriteLine(
                $"| {check.Constraint} | {Against(check.ValueMs, check.Constraint.ThresholdMs)} | "
                    + $"{Number(check.Constraint.ThresholdMs)} | "
                    + $"{Verdict(check)} | {Percent(check.HeadroomPercent)} |"
            );
        }

        output.WriteLine();
        output.WriteLine(
            model.SloChecks.Any(c => c.FromConfidence)
                ? Invariant($"Verdicts come with the trial's own confidence (MLPerf early stopping over ")
                    + $"{RequestsText(model)})."
                : "The target gave no confidence bounds: verdicts compare the measured value with the bound."
        );
        output.WriteLine();
    }

    /// <summary>
    /// The requests a verdict was judged on: a repeated configuration's count is the mean of its trials' counts,
    /// and says so (<c>1305.5 requests per trial, the mean of its 2 trials</c>), never a fractional total.
    /// </summary>
    private static string RequestsText(ReportModel model)
    {
        var count = model.SloChecks[0].Requests;
        var trials = model.Result.Run.TrialsAveraged(model.Chosen!.Configuration);
        return trials > 1 ? Invariant($"{Number(count)} requests per trial, the mean of its {trials} trials")
            : count is { } n ? CountText.Of((long)Math.Round(n), "request")
            : "an unknown number of requests";
    }

    public static void WriteFrontier(TextWriter output, ReportModel model)
    {
        var result = model.Result;
        var varying = result.DescribedKnobs;
        var throughput = MetricCatalogue.ThroughputOf(result.EnergyMetric) ?? MetricCatalogue.TokenThroughput;
        var rows = Pareto.FrontierRows.Of(result.Frontier, result.LatencyMetric, result.EnergyMetric);
        output.WriteLine($"## Pareto frontier ({result.LatencyMetric} against {result.EnergyMetric})");
        output.WriteLine();
        output.WriteLine($"| configuration | {result.LatencyMetric} (ms) | {model.Unit} | {throughput.Unit} | SLO | |");
        output.WriteLine("| --- | ---: | ---: | ---: | --- | --- |");
        foreach (var row in rows)
        {
            var o = row.Representative;
            var marks = new List<string>();
            if (row.Members.Any(m => m.Configuration.Equals(result.Selection.Recommended?.Configuration)))
            {
                marks.Add("recommended");
            }

            if (row.Members.Any(m => m.Configuration.Equals(result.Selection.Baseline?.Configuration)))
            {
                marks.Add("baseline");
            }

            var configuration = string.Join(
                " ",
                varying.Where(o.Configuration.Values.ContainsKey).Select(k => $"{k}={row.ValueText(k)}")
            );
            output.WriteLine(
                $"| {(varying.Count == 0 ? o.Configuration.Key : configuration)} | "
                    + $"{Results.SummaryTextWriter.Latency(o, result)} | {Number(o.Metric(result.EnergyMetric))} | "
                    + $"{Number(o.Metric(throughput.Name))} | {MarkdownReportWriter.Verdict(o, model)} | "
                    + $"{string.Join(", ", marks)} |"
            );
        }

        foreach (var knob in rows.Select(r => r.SpreadKnob).OfType<string>().Distinct())
        {
            output.WriteLine();
            output.WriteLine(
                $"`{knob}=low..high`: configurations that differ only there measured the same; it did not bind."
            );
        }

        output.WriteLine();
    }

    /// <summary>
    /// "; besides them, N configurations ..." when configurations whose every trial kept up could not carry the load
    /// over their trials taken together (<see cref="Search.TuningRun.NotCarried"/>), so that the count of infeasible
    /// trials does not read as all that could not.
    /// </summary>
    private static string NotCarried(Search.TuningRun run)
    {
        var pooled = run.Pooled;
        var count = run.NotCarried().Keys.Count(c => pooled.Where(o => o.Configuration.Equals(c)).All(o => o.Feasible));
        return count == 0
            ? string.Empty
            : $"; besides them, {CountText.Of(count, "configuration")} whose every trial kept up "
                + "could not carry the load over their trials taken together";
    }

    /// <summary>
    /// Invalid trials apart from infeasible ones: an invalid trial ran, and its measurement is neither a result nor a
    /// miss (the validity lines say why), where an infeasible one could not run or carry the load.
    /// </summary>
    private static string Invalid(Search.TuningRun run) =>
        run.Observations.Count(o => o.Invalid) is var invalid and > 0
            ? Invariant($"; invalid trials (see Validity): {invalid}")
            : string.Empty;

    public static void WriteTuning(TextWriter output, ReportModel model)
    {
        var result = model.Result;
        var run = result.Run;
        output.WriteLine("## What was tuned");
        output.WriteLine();
        output.WriteLine($"- Tuned: {Join(model.TunedKnobs)}");
        output.WriteLine($"- Fixed for this run: {Join(model.FixedKnobs)}");
        output.WriteLine($"- Never swept (they change what the model computes): {Join(model.NeverSwept)}");
        output.WriteLine(
            Invariant($"- Search: {run.Strategy}, {run.TrialsText} (of {run.Candidates} in the space), ")
                + $"{run.RestartsText}; stopped because {run.StopReason}"
        );
        output.WriteLine(
            Invariant($"- Infeasible trials: {run.Observations.Count(o => !o.Feasible && !o.Invalid)}{Invalid(run)}")
                + NotCarried(run)
        );
        output.WriteLine();
        output.WriteLine("## Cost of tuning");
        output.WriteLine();
        output.WriteLine(
            $"- Started {result.StartedAt.UtcDateTime:yyyy-MM-dd HH:mm:ss} UTC, took "
                + $"{Duration(result.FinishedAt - result.StartedAt)}; host time in trials "
                + $"{Duration(model.TuningHostTime)}"
        );
        output.WriteLine(
            model.TuningEnergy > Energy.Zero
                ? $"- Energy spent by the trials themselves: {Number(model.TuningEnergy.Joules / 1000)} kJ "
                    + $"({Number(model.TuningEnergy.KilowattHours)} kWh)"
                : "- Energy spent by the trials themselves: none measured (replayed or simulated trials run no "
                    + "hardware)"
        );
    }

    private static string Join(IEnumerable<string> items)
    {
        var list = items.ToList();
        return list.Count == 0 ? "none" : string.Join(", ", list);
    }
}
