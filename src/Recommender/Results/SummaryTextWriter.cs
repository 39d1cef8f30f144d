using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Pareto;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Results;

/// <summary>
/// The result as a person reads it in a terminal, within 100 columns: how the search went (trials and distinct
/// configurations apart), the frontier (rows that differ only in a knob that did not bind folded into one), the
/// decision with its confidence, and what to do next.
/// </summary>
public static class SummaryTextWriter
{
    private const int ConfigurationWidth = 40;

    /// <summary>The summary's lines fit this many columns.</summary>
    private const int LineWidth = 100;

    public static void Write(TextWriter output, TuningResult result) => Write(output, result, SummaryContext.None);

    public static void Write(TextWriter output, TuningResult result, SummaryContext context)
    {
        var space = result.Space;
        var unit = space.Objective.Unit();
        var varying = result.DescribedKnobs;
        var fixedKnobs = space.Knobs.Where(k => k.IsPinned).Select(k => $"{k.Name}={k.Values[0]}").ToList();

        TextWrap.Write(output, $"Target: {result.TargetDescription}");
        TextWrap.Write(
            output,
            $"SLO: {result.Slo} ({result.Slo.Confidence} confidence); objective: least {result.EnergyMetric} ({unit})"
        );
        if (fixedKnobs.Count > 0)
        {
            TextWrap.Write(output, $"Fixed: {string.Join(" ", fixedKnobs)}");
        }

        var run = result.Run;
        // "Trials: 30 over 20 distinct configurations" where the session measured every trial of the run.
        var trials =
            run.Shared || run.Observations.Count > run.TrialsMeasured
                ? run.TrialsText
                : Invariant(
                    $"{run.TrialsMeasured} over {CountText.Of(run.ConfigurationsMeasured, "distinct configuration")}"
                );
        TextWrap.Write(
            output,
            $"Trials: {trials} "
                + Invariant($"(of {run.Candidates} in the space; {run.Strategy}; stopped: {run.StopReason})")
        );
        output.WriteLine();
        WriteFrontier(output, result, varying, unit);
        output.WriteLine();
        DecisionText.Write(output, result, varying);
        NextSteps(output, result, context);
    }

    private static void WriteFrontier(TextWriter output, TuningResult result, List<string> varying, string unit)
    {
        var throughput = (MetricCatalogue.ThroughputOf(result.EnergyMetric) ?? MetricCatalogue.TokenThroughput);
        output.WriteLine($"Pareto frontier ({result.LatencyMetric} against {result.EnergyMetric}):");
        var rows = FrontierRows.Of(result.Frontier, result.LatencyMetric, result.EnergyMetric);
        var described = rows.Select(r => (Text: Describe(r, varying), Row: r)).ToList();
        // The energy and rate columns are as wide as their units (J/token, output tokens/s); the configuration
        // takes what is left of the line beside the widest row, "met  <- recommended".
        var energyWidth = Math.Max(8, unit.Length);
        var rateWidth = Math.Max(10, throughput.Unit.Length);
        var most = Math.Min(ConfigurationWidth, LineWidth - (2 + 2 + 10 + 2 + energyWidth + 2 + rateWidth + 2 + 19));
        var width = Math.Clamp(described.Count == 0 ? 0 : described.Max(r => r.Text.Length), 13, most);
        output.WriteLine(
            $"  {"configuration".PadRight(width)}  {result.LatencyMetric, 10}  {unit.PadLeft(energyWidth)}  "
                + $"{throughput.Unit.PadLeft(rateWidth)}  SLO"
        );
        foreach (var (text, row) in described)
        {
            var o = row.Representative;
            var recommended = row.Members.Any(m => m.Configuration.Equals(result.Selection.Recommended?.Configuration));
            var parts = TextWrap.Lines(text, string.Empty, width).ToList();
            output.WriteLine(
                Invariant($"  {parts[0].PadRight(width)}  {Latency(o, result), 10}  ")
                    + Format(o.Metric(result.EnergyMetric)).PadLeft(energyWidth)
                    + "  "
                    + Format(o.Metric(throughput.Name)).PadLeft(rateWidth)
                    + "  "
                    + Reports.ReportFormat.SloWord(o, result.Slo)
                    + (recommended ? "  <- recommended" : string.Empty)
            );
            foreach (var more in parts.Skip(1))
            {
                output.WriteLine($"    {more}");
            }
        }

        foreach (var knob in rows.Select(r => r.SpreadKnob).OfType<string>().Distinct())
        {
            TextWrap.Write(
                output,
                $"  ({knob} low..high: configurations that differ only there measured the same; it did not bind)"
            );
        }
    }

    private static void NextSteps(TextWriter output, TuningResult result, SummaryContext context)
    {
        if (context.RunId is not { } id || result.Selection.Recommended is null)
        {
            return;
        }

        output.WriteLine();
        output.WriteLine("Next steps:");
        if (!context.HostCanApply)
        {
            TextWrap.Write(
                output,
                "  These measurements were not taken on a host that can be changed (simulated or replayed), "
                    + "so there is nothing to apply here; on a real host, run optimize with --target or --space."
            );
            TextWrap.Write(output, $"  mlenergy apply {id} --print    the commands a real host would run");
            return;
        }

        if (result.Selection.Decision == Selection.Decision.KeepCurrent)
        {
            output.WriteLine("  Nothing to change.");
            return;
        }

        TextWrap.Write(output, $"  mlenergy apply {id} --print    show the commands that apply it", "      ");
        TextWrap.Write(output, $"  mlenergy apply {id}    apply it (every change recorded in a journal)", "      ");
        TextWrap.Write(output, "  mlenergy restore    put the original GPU settings back", "      ");
    }

    /// <summary>The reports' one configuration text (<see cref="Reports.ReportFormat.Describe"/>).</summary>
    internal static string Describe(Configuration configuration, IReadOnlyCollection<string> knobs) =>
        Reports.ReportFormat.Describe(configuration, knobs);

    private static string Describe(FrontierRow row, IReadOnlyCollection<string> knobs) =>
        knobs.Count == 0
            ? Describe(row.Representative.Configuration, knobs)
            : string.Join(
                " ",
                knobs.Where(row.Representative.Configuration.Values.ContainsKey).Select(k => $"{k}={row.ValueText(k)}")
            );

    /// <summary>The reports' one number format, so a value reads the same on the terminal and in report.md.</summary>
    internal static string Format(double? value) => Reports.ReportFormat.Number(value);

    /// <summary>
    /// The latency axis's value, read against the SLO bound it was judged on
    /// (<see cref="Reports.ReportFormat.Against"/>).
    /// </summary>
    internal static string Latency(Observation observation, TuningResult result) =>
        Reports.ReportFormat.Against(observation.Metric(result.LatencyMetric), result.Slo.Primary.ThresholdMs);

    internal static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
