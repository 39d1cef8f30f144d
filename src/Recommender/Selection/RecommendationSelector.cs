using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Selection;

/// <summary>Least energy among the configurations that meet every SLO constraint; ties go to lower latency.</summary>
public static class RecommendationSelector
{
    public static RecommendationOutcome Select(
        IReadOnlyList<Observation> observations,
        ServiceLevelObjective slo,
        ObjectiveKind objective,
        Configuration? baseline
    )
    {
        var energyMetric = objective.MetricName();
        var usable = observations.Where(o => o.Feasible && o.Metric(energyMetric) is not null).ToList();
        var recommended = usable
            .Where(o => SloJudge.Meets(o, slo))
            .OrderBy(o => o.Metric(energyMetric))
            .ThenBy(o => o.Metric(slo.Primary.MetricName) ?? double.PositiveInfinity)
            .ThenBy(o => o.Configuration.Key, StringComparer.Ordinal)
            .FirstOrDefault();
        var closest = recommended is null
            ? usable.OrderBy(o => SloJudge.WorstRatio(o, slo)).ThenBy(o => o.Metric(energyMetric)).FirstOrDefault()
            : null;
        var baselineObservation = baseline is null
            ? null
            : observations.LastOrDefault(o => o.Configuration.Equals(baseline));
        return new RecommendationOutcome(
            recommended,
            closest,
            baselineObservation,
            SavingsOf(recommended, baselineObservation, objective)
        );
    }

    private static Savings? SavingsOf(Observation? recommended, Observation? baseline, ObjectiveKind objective)
    {
        var metric = objective.MetricName();
        if (recommended?.Metric(metric) is not { } chosen || baseline?.Metric(metric) is not { } before || before <= 0)
        {
            return null;
        }

        return new Savings(100 * (before - chosen) / before, Energy.FromJoules(before - chosen), objective.Unit());
    }
}
