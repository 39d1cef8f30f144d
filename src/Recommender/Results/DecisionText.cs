using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Units;
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
            Decision.KeepCurrent => "Keep the current configuration: the best configuration found "
                + SavesText(selection.Savings!, selection.MinimumSavingPercent)
                + (
                    selection.Savings!.MoreEnergy
                        ? "."
                        : $", which does not clear the {threshold} threshold (--min-saving)."
                ),
            Decision.Change => "Change to the recommendation: "
                + (selection.Savings!.MoreEnergy ? "it " : "against the baseline it ")
                + $"{SavesText(selection.Savings!, selection.MinimumSavingPercent)}.",
            _ => $"Change to the recommendation; no savings are quoted: {selection.BaselineProblem}.",
        };
    }

    /// <summary>
    /// What follows "Savings against the baseline:": <c>12.3 % (95 % interval 10.1 to 14.4 %)</c>, or the point
    /// estimate with why there is no interval; the point and the low end, which the decision compares with
    /// <paramref name="minimumSavingPercent"/>, never read as the threshold when they are not
    /// (<c>ReportFormat.Against</c>). A negative saving is no saving: <c>none: the recommendation uses 3.0 % more
    /// energy than the baseline (95 % interval of the saving -5.1 to -1.0 %)</c>, never "-3.0 %".
    /// </summary>
    public static string SavingsText(Savings savings, double minimumSavingPercent) =>
        savings.MoreEnergy
            ? $"none: the recommendation uses {Amount(savings, minimumSavingPercent)}"
            : Amount(savings, minimumSavingPercent);

    /// <summary>
    /// The same as a verb: <c>saves 12.3 % (95 % interval 10.1 to 14.4 %)</c>, or for a negative saving <c>uses 3.0 %
    /// more energy than the baseline (95 % interval of the saving -5.1 to -1.0 %)</c>.
    /// </summary>
    public static string SavesText(Savings savings, double minimumSavingPercent) =>
        (savings.MoreEnergy ? "uses " : "saves ") + Amount(savings, minimumSavingPercent);

    /// <summary>
    /// The saving's energy per unit of work, <c>0.0123 J/token</c>, or what the recommendation uses beyond the
    /// baseline's, <c>0.0123 J/token more</c>, in the caller's number format.
    /// </summary>
    public static string PerUnitText(Savings savings, Func<double?, string> format) =>
        savings.MoreEnergy
            ? $"{format(-savings.EnergyPerUnit.Joules)} {savings.Unit} more"
            : $"{format(savings.EnergyPerUnit.Joules)} {savings.Unit}";

    private static string Amount(Savings savings, double minimumSavingPercent)
    {
        string Point(double? value) => Reports.ReportFormat.Against(value, minimumSavingPercent, OneDecimal);
        var (point, of) = savings.MoreEnergy
            ? (
                Reports.ReportFormat.Against(-savings.Percent, 0, OneDecimal) + " % more energy than the baseline",
                " of the saving"
            )
            : (Point(savings.Percent) + " %", string.Empty);
        return savings.HasInterval
            ? $"{point} ({Invariant($"{Savings.Confidence * 100:0}")} % interval{of} "
                + $"{Point(savings.LowPercent)} to {OneDecimal(savings.HighPercent)} %)"
            : $"{point} (no repeats, so no confidence interval)";
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
                    + PerUnitText(savings, Format)
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
                .Select(g => $"{CountText.Of(g.Count(), "configuration")}: {g.Key}"),
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
            : $"Load: {CountText.Of(ruledOut.Count, "measured configuration")} "
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
