using System.Globalization;
using System.Text;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.SearchEfficiency.Scenarios;

namespace MLEnergy.SearchEfficiency.Running;

/// <summary>
/// Why one run's recommendation is as far from the optimum as it is (--trace): the pick, the optimum and the
/// truly best configuration the run measured, each with its trials, merged energy and merged verdict, and the
/// cause. "exploration": nothing within 1 % of the optimum was measured; "verdict": one was measured but its pooled
/// SLO verdict was not a pass; "energy": one was measured and judged a pass, but its measured energy was above the
/// pick's (the pick's noisy energy won, the winner's curse); "real miss": the pick truly misses the SLO.
/// </summary>
public static class RunDiagnosis
{
    public static string Describe(Scenario scenario, string strategy, TuningRun run, Configuration? recommended)
    {
        var energy = scenario.Space.Objective.MetricName();
        var merged = run.Merged.ToDictionary(o => o.Configuration);
        var counts = run
            .Observations.Where(o => o.Fidelity == TrialFidelity.Full)
            .GroupBy(o => o.Configuration)
            .ToDictionary(g => g.Key, g => g.Count());
        var best = Oracle.BestEnergy(scenario);
        var oracle = scenario.Space.Enumerate().FirstOrDefault(c => c.Key == Oracle.BestConfiguration(scenario));
        var measuredBest = merged
            .Keys.Select(c => (c, t: scenario.Truth(c)))
            .Where(p => p.t is not null && Oracle.Meets(p.t, scenario.Slo))
            .OrderBy(p => p.t!.Energy)
            .Select(p => p.c)
            .FirstOrDefault();
        var gap = Oracle.Gap(scenario, recommended, best);
        var text = new StringBuilder();
        text.AppendLine(Text($"  run {strategy} {scenario.Name}: {Cause(scenario, merged, recommended, gap, best)}"));
        text.AppendLine("    pick     " + Line(scenario, recommended, merged, counts, energy, best));
        text.AppendLine("    optimum  " + Line(scenario, oracle, merged, counts, energy, best));
        text.AppendLine("    measured " + Line(scenario, measuredBest, merged, counts, energy, best));
        return text.ToString();
    }

    private static string Cause(
        Scenario scenario,
        Dictionary<Configuration, Observation> merged,
        Configuration? recommended,
        double? gap,
        double? best
    )
    {
        if (gap is double.PositiveInfinity)
        {
            return "real miss";
        }

        if (gap is { } g && g <= 1e-9)
        {
            return "exact";
        }

        var close = merged
            .Keys.Where(c =>
                scenario.Truth(c) is { } t && Oracle.Meets(t, scenario.Slo) && best is { } b && t.Energy <= b * 1.01
            )
            .ToList();
        if (close.Count == 0)
        {
            return gap is null ? "no pick, nothing near the optimum measured" : "exploration";
        }

        var passed = close.Where(c => SloJudge.Meets(merged[c], scenario.Slo)).ToList();
        if (passed.Count == 0)
        {
            return gap is null ? "no pick, verdict" : "verdict";
        }

        return gap is null ? "no pick (floor?)" : "energy";
    }

    private static string Line(
        Scenario scenario,
        Configuration? configuration,
        Dictionary<Configuration, Observation> merged,
        Dictionary<Configuration, int> counts,
        string energy,
        double? best
    )
    {
        if (configuration is null)
        {
            return "none";
        }

        var truth = scenario.Truth(configuration);
        var ratio = truth is null
            ? double.NaN
            : scenario.Slo.Constraints.Max(c =>
                truth.Latencies.TryGetValue(c.MetricName, out var v) ? v / c.ThresholdMs : double.PositiveInfinity
            );
        var above = truth is { } t && best is { } b ? (t.Energy / b) - 1 : double.NaN;
        var line = Text($"{configuration.Key} true {above:+0.00%;-0.00%} latency/bound {ratio:0.000}");
        if (!merged.TryGetValue(configuration, out var seen))
        {
            return line + " never measured";
        }

        var measured = seen.Metric(energy) is { } e && truth is { } tt ? (e / tt.Energy) - 1 : double.NaN;
        return line
            + Text($"; {counts.GetValueOrDefault(configuration)} full trials, energy {measured:+0.0%;-0.0%} of true, ")
            + Text($"latency/bound {SloJudge.WorstRatio(seen, scenario.Slo):0.000}, ")
            + string.Join(',', seen.Verdicts.Select(v => $"{v.Key}:{v.Value}"));
    }

    private static string Text(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
