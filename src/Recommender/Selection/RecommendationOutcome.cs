using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Selection;

/// <summary>
/// The outcome of choosing: the recommendation when some configuration meets every SLO constraint,
/// otherwise the configuration that came closest; the baseline and the savings against it.
/// </summary>
public sealed record RecommendationOutcome(
    Observation? Recommended,
    Observation? Closest,
    Observation? Baseline,
    Savings? Savings
)
{
    public bool Feasible => Recommended is not null;
}
