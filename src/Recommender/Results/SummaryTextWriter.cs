using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Results;

/// <summary>The result as a person reads it in a terminal: the frontier, the recommendation and the savings.</summary>
public static class SummaryTextWriter
{
    public static void Write(TextWriter output, TuningResult result)
    {
        var space = result.Space;
        var selection = result.Selection;
        var unit = space.Objective.Unit();
        var varying = space.Knobs.Where(k => !k.IsPinned).Select(k => k.Name).ToList();
        var fixedKnobs = space.Knobs.Where(k => k.IsPinned).Select(k => $"{k.Name}={k.Values[0]}").ToList();

        output.WriteLine($"Target: {result.TargetDescription}");
        output.WriteLine($"SLO: {result.Slo}; objective: least {result.EnergyMetric} ({unit})");
        if (fixedKnobs.Count > 0)
        {
            output.WriteLine($"Fixed: {string.Join(" ", fixedKnobs)}");
        }

        output.WriteLine(
            Invariant($"Trials measured: {result.Run.TrialsMeasured} of {result.Run.Candidates} configurations ")
                + Invariant($"({result.Run.Strategy}; stopped: {result.Run.StopReason})")
        );
        output.WriteLine();
        output.WriteLine($"Pareto frontier ({result.LatencyMetric} against {result.EnergyMetric}):");
        var rows = result.Frontier.Select(o => (Config: Describe(o.Configuration, varying), Observation: o)).ToList();
        var width = Math.Max(13, rows.Count == 0 ? 0 : rows.Max(r => r.Config.Length));
        output.WriteLine($"  {"configuration".PadRight(width)}  {"latency ms", 10}  {unit, 12}  SLO");
        foreach (var (config, o) in rows)
        {
            var marker = o.Configuration.Equals(selection.Recommended?.Configuration)
                ? "  <- recommended"
                : string.Empty;
            output.WriteLine(
                Invariant($"  {config.PadRight(width)}  {Format(o.Metric(result.LatencyMetric)), 10}  ")
                    + Invariant($"{Format(o.Metric(result.EnergyMetric)), 12}  ")
                    + Invariant($"{(SloJudge.Meets(o, result.Slo) ? "met" : "missed")}{marker}")
            );
        }

        output.WriteLine();
        WriteDecision(output, result, varying, unit);
    }

    private static void WriteDecision(TextWriter output, TuningResult result, List<string> varying, string unit)
    {
        var selection = result.Selection;
        if (selection.Recommended is { } chosen)
        {
            output.WriteLine(
                $"Recommendation: {Describe(chosen.Configuration, result.Space.Knobs.Select(k => k.Name).ToList())}"
            );
            output.WriteLine(
                Invariant($"  {result.LatencyMetric} {Format(chosen.Metric(result.LatencyMetric))} ms, ")
                    + Invariant($"{Format(chosen.Metric(result.EnergyMetric))} {unit}")
            );
        }
        else
        {
            output.WriteLine($"No configuration meets the SLO ({result.Slo}).");
            if (selection.Closest is { } closest)
            {
                output.WriteLine($"Closest: {Describe(closest.Configuration, varying)}");
                output.WriteLine(
                    "  "
                        + string.Join(
                            ", ",
                            result.Slo.Constraints.Select(c =>
                                Invariant($"{c.MetricName} {Format(closest.Metric(c.MetricName))} ms ")
                                + Invariant($"(bound {c.ThresholdMs:0.###} ms)")
                            )
                        )
                );
            }
        }

        if (selection.Baseline is { } baseline)
        {
            output.WriteLine(
                Invariant($"Baseline: {Describe(baseline.Configuration, varying)}: {result.LatencyMetric} ")
                    + Invariant($"{Format(baseline.Metric(result.LatencyMetric))} ms, ")
                    + Invariant($"{Format(baseline.Metric(result.EnergyMetric))} {unit}")
            );
        }

        if (selection.Savings is { } savings)
        {
            output.WriteLine(
                Invariant($"Savings against the baseline: {savings.Percent:0.0} % ")
                    + $"({Format(savings.EnergyPerUnit.Joules)} {savings.Unit})"
            );
        }
    }

    private static string Describe(Configuration configuration, IReadOnlyCollection<string> knobs) =>
        knobs.Count == 0
            ? configuration.Key
            : string.Join(" ", knobs.Where(configuration.Values.ContainsKey).Select(k => $"{k}={configuration[k]}"));

    private static string Format(double? value) =>
        value switch
        {
            null => "-",
            >= 100 => value.Value.ToString("0.0", CultureInfo.InvariantCulture),
            >= 1 => value.Value.ToString("0.00", CultureInfo.InvariantCulture),
            _ => value.Value.ToString("0.0000", CultureInfo.InvariantCulture),
        };

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
