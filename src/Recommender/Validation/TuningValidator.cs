using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Validation;

/// <summary>
/// Checks a tuning request before anything is touched: only output-preserving knobs are swept, the SLO's
/// and the objective's metrics exist on the target (never substituted by another), and the space is not empty.
/// </summary>
public static class TuningValidator
{
    public static IReadOnlyList<string> Validate(
        SearchSpace space,
        ServiceLevelObjective slo,
        IReadOnlyCollection<string> targetMetrics
    )
    {
        var findings = new List<string>();
        foreach (var knob in space.Knobs.Where(k => !k.OutputPreserving && k.Values.Length > 1))
        {
            findings.Add(
                $"knob '{knob.Name}' is not output preserving (changing it changes what the model computes), so it "
                    + $"is not tuned; "
                    + $"pin it with --set {knob.Name}=VALUE"
            );
        }

        var available = string.Join(", ", targetMetrics.Order(StringComparer.Ordinal));
        foreach (var constraint in slo.Constraints.Where(c => !targetMetrics.Contains(c.MetricName)))
        {
            findings.Add(
                $"the SLO '{constraint}' needs '{constraint.MetricName}', which this target cannot measure; "
                    + $"it can measure: {MetricCatalogue.DescribeLatencies(targetMetrics)}"
            );
        }

        var objective = space.Objective.MetricName();
        if (!targetMetrics.Contains(objective))
        {
            findings.Add($"the objective '{objective}' is not measured by the target; it has: {available}");
        }

        if (findings.Count == 0 && !space.Enumerate().Any())
        {
            findings.Add("the search space has no configuration left (check --set values and the constraints)");
        }

        return findings;
    }
}
