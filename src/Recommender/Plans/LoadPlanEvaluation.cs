using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;

namespace MLEnergy.Recommender.Plans;

/// <summary>
/// A plan with what it is compared against at every level: the baseline and the best static configuration, the one
/// configuration that meets the SLO at every level with the least energy averaged over the levels (null when none
/// does).
/// </summary>
/// <param name="Plan">The plan, as written to plan.json.</param>
/// <param name="EnergyMetric">The metric compared (the space's objective, e.g. <c>energy_per_token_j</c>).</param>
/// <param name="Static">The best static configuration; null when no configuration meets the SLO at every level.</param>
/// <param name="Levels">One comparison per level, in increasing rate.</param>
public sealed record LoadPlanEvaluation(
    LoadPlan Plan,
    string EnergyMetric,
    Configuration? Static,
    ImmutableArray<LevelComparison> Levels
)
{
    /// <summary>The mean over levels of the energy metric of the plan, the static configuration or the baseline;
    /// null when one of them was not measured at a level.</summary>
    public double? MeanEnergy(Func<LevelComparison, Observations.Observation?> pick)
    {
        var values = Levels.Select(l => pick(l)?.Metric(EnergyMetric)).ToList();
        return values.Count > 0 && values.All(v => v is not null) ? values.Average(v => v!.Value) : null;
    }
}
