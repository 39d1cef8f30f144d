using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Spaces;
using static MLEnergy.Recommender.Results.SummaryTextWriter;

namespace MLEnergy.Recommender.Results;

/// <summary>
/// The decision in words, one wording for the terminal and the reports: change (with the savings and their
/// confidence interval), keep the current configuration (and why), change with no savings quoted (and why), or
/// no configuration meets the SLO.
/// </summary>
public static class DecisionText
{
    /// <summary>The decision's one sentence.</summary>
    public static string Headline(TuningResult result)
    {
        var selection = result.Selection;
        var threshold = Invariant($"{selection.MinimumSavingPercent:0.##} %");
        return selection.Decision switch
        {
            Decision.NoConfigurationMeetsSlo when selection.Closest is null && InfeasibleReasons(result).Count > 0 =>
                $"No configuration meets the SLO ({result.Slo}): none of the {result.Run.ConfigurationsMeasured} "
                    + $"measured {CouldDo(result)}; the reasons follow.",
            Decision.NoConfigurationMeetsSlo when selection.Capacity is { BelowFloor: > 0 } capacity =>
                $"No configuration meets the SLO ({result.Slo}) at the throughput asked for: "
                    + Invariant($"{capacity.BelowFloor} that meet it serve under ")
                    + $"{Reports.ReportFormat.Number(capacity.FloorUnitsPerSecond)} "
                    + $"{capacity.Unit} (--min-throughput {capacity.Floor}; 0 allows any).",
            Decision.NoConfigurationMeetsSlo => $"No configuration meets the SLO ({result.Slo}).",
            Decision.KeepCurrent when selection.Savings is null =>
                "Keep the current configuration: it is already the least-energy configuration that meets the SLO.",
            Decision.KeepCurrent => $"Keep the current configuration: the best configuration found saves "
                + $"{SavingsText(selection.Savings!, selection.MinimumSavingPercent)}, which does not clear the "
                + $"{threshold} threshold "
                + "(--min-saving).",
            Decision.Change => $"Change to the recommendation: against the baseline it saves "
                + $"{SavingsText(selection.Savings!, selection.MinimumSavingPercent)}.",
            _ => $"Change to the recommendation; no savings are quoted: {selection.BaselineProblem}.",
        };
    }

    /// <summary>
    /// <c>12.3 % (95 % interval 10.1 to 14.4 %)</c>, or the point estimate with why there is no interval; the point
    /// and the low end, which the decision compares with <paramref name="minimumSavingPercent"/>, never read as the
    /// threshold when they are not (<c>ReportFormat.Against</c>).
    /// </summary>
    public static string SavingsText(Savings savings, double minimumSavingPercent)
    {
        string Point(double? value) => Reports.ReportFormat.Against(value, minimumSavingPercent, OneDecimal);
        return savings.HasInterval
            ? $"{Point(savings.Percent)} % ({Invariant($"{Savings.Confidence * 100:0}")} % interval "
                + $"{Point(savings.LowPercent)} to {OneDecimal(savings.HighPercent)} %)"
            : $"{Point(savings.Percent)} % (no repeats, so no confidence interval)";
    }

    private static string OneDecimal(double? value) => Invariant($"{value:0.0}");

    internal static void Write(TextWriter output, TuningResult result, List<string> varying)
    {
        var selection = result.Selection;
        var unit = result.Space.Objective.Unit();
        TextWrap.Write(output, "Decision: " + Headline(result));
        var allKnobs = result.Space.Knobs.Select(k => k.Name).ToList();
        if (selection.Recommended is { } chosen)
        {
            TextWrap.Write(output, $"Recommendation: {Describe(chosen.Configuration, allKnobs)}");
            TextWrap.Write(output, Point(result, chosen, unit), "      ");
        }
        else if (selection.Closest is null && InfeasibleReasons(result) is { Count: > 0 } reasons)
        {
            output.WriteLine($"No configuration {CouldDo(result)}:");
            foreach (var reason in reasons)
            {
                TextWrap.Write(output, $"  {reason}", "      ");
            }
        }
        else if (selection.Closest is { } closest)
        {
            TextWrap.Write(output, $"Closest: {Describe(closest.Configuration, varying)}");
            TextWrap.Write(
                output,
                "  "
                    + string.Join(
                        ", ",
                        result.Slo.Constraints.Select(c =>
                            $"{c.MetricName} "
                            + Reports.ReportFormat.Against(closest.Metric(c.MetricName), c.ThresholdMs)
                            + Invariant($" ms (bound {c.ThresholdMs:0.###} ms)")
                        )
                    )
            );
        }

        if (selection.Baseline is { } baseline)
        {
            TextWrap.Write(output, $"Baseline: {Describe(baseline.Configuration, varying)}");
            TextWrap.Write(
                output,
                baseline.Feasible
                    ? Point(result, baseline, unit)
                    : $"  {KeepUpRule.CouldNot(baseline.InfeasibleReason)}: "
                        + (baseline.InfeasibleReason ?? "no reason given"),
                "      "
            );
        }

        if (selection.Recommended is not null && selection.Capacity is { } capacity)
        {
            TextWrap.Write(output, capacity.Sentence());
        }

        if (selection.Recommended is not null && CannotCarry(result, varying) is { } ruledOut)
        {
            TextWrap.Write(output, ruledOut, "  ");
        }

        if (selection.Savings is { } savings && selection.Decision != Decision.KeepCurrent)
        {
            TextWrap.Write(
                output,
                $"Savings against the baseline: {SavingsText(savings, selection.MinimumSavingPercent)}, "
                    + $"{Format(savings.EnergyPerUnit.Joules)} {savings.Unit}"
            );
        }
        else if (selection.Recommended is not null && selection.BaselineProblem is { } problem)
        {
            TextWrap.Write(output, $"No savings quoted: {problem}.");
        }

        if (TokenCountText.Line(result) is { } tokens)
        {
            TextWrap.Write(output, $"Tokens: {tokens}", "  ");
        }

        foreach (var line in ValidityText.Lines(result))
        {
            TextWrap.Write(output, $"Validity: {line}", "  ");
        }
    }

    /// <summary>
    /// What none of the measured configurations could do: run, carry the load (every one ruled out by
    /// <see cref="KeepUpRule"/>: they ran, at a lighter load than was offered), or either.
    /// </summary>
    private static string CouldDo(TuningResult result)
    {
        var reasons = result
            .Run.Merged.Where(o => !o.Feasible)
            .Select(o => KeepUpRule.IsItsReason(o.InfeasibleReason))
            .ToList();
        var load = reasons.Count(r => r);
        return load == 0 ? "could run"
            : load == reasons.Count ? "could carry the load"
            : "could run and carry the load";
    }

    /// <summary>
    /// Why the configurations could not run, grouped: <c>12 configurations: out of memory</c>, most frequent first.
    /// </summary>
    public static List<string> InfeasibleReasons(TuningResult result) =>
        [
            .. result
                .Run.Merged.Where(o => !o.Feasible)
                .GroupBy(o => o.InfeasibleReason ?? "no reason given")
                .OrderByDescending(g => g.Count())
                .ThenBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => $"{g.Count()} configuration{(g.Count() == 1 ? string.Empty : "s")}: {g.Key}"),
        ];

    /// <summary>
    /// How many measured configurations the offered load ruled out (<see cref="KeepUpRule"/>) and why the one of least
    /// energy was: a configuration cheaper than the recommendation left out because it could not carry the load says
    /// so, with its numbers. Null when none was.
    /// </summary>
    public static string? CannotCarry(TuningResult result, IReadOnlyCollection<string> varying)
    {
        var ruledOut = result
            .Run.Merged.Where(o => !o.Feasible && KeepUpRule.IsItsReason(o.InfeasibleReason))
            .OrderBy(o => o.Metric(result.EnergyMetric) ?? double.MaxValue)
            .ToList();
        return ruledOut.Count == 0
            ? null
            : Invariant($"Load: {ruledOut.Count} measured configuration{(ruledOut.Count == 1 ? "" : "s")} ")
                + $"could not carry it; the least energy of them, {Describe(ruledOut[0].Configuration, varying)}: "
                + ruledOut[0].InfeasibleReason;
    }

    private static string Point(TuningResult result, Observation observation, string unit)
    {
        var throughput = (MetricCatalogue.ThroughputOf(result.EnergyMetric) ?? MetricCatalogue.TokenThroughput);
        return Invariant($"  {result.LatencyMetric} {Latency(observation, result)} ms, ")
            + Invariant($"{Format(observation.Metric(result.EnergyMetric))} {unit}, ")
            + Invariant($"{Format(observation.Metric(throughput.Name))} {throughput.Unit}, ")
            + SloJudge.Overall(observation, result.Slo) switch
            {
                SloVerdict.Met => "meets the SLO",
                SloVerdict.Missed => "misses the SLO",
                _ => "undecided on the SLO",
            }
            + MeanOf(result, observation);
    }

    /// <summary>
    /// <c> (mean of 2 trials)</c> where a configuration's figures are the mean of repeats (a p99 among them is the
    /// mean of its trials' p99s), else nothing.
    /// </summary>
    public static string MeanOf(TuningResult result, Observation? observation)
    {
        var trials = observation is null ? 0 : result.Run.TrialsAveraged(observation.Configuration);
        return trials > 1 ? Invariant($" (mean of {trials} trials)") : string.Empty;
    }
}
