using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Selection;

/// <summary>
/// The outcome of choosing: the recommendation when some configuration meets every SLO constraint,
/// otherwise the configuration that came closest; the baseline and the savings against it, and the decision.
/// </summary>
public sealed record RecommendationOutcome(
    Observation? Recommended,
    Observation? Closest,
    Observation? Baseline,
    Savings? Savings
)
{
    /// <summary>The default of the smallest saving worth a change, in percent.</summary>
    public const double DefaultMinimumSavingPercent = 2;

    public bool Feasible => Recommended is not null;

    public Decision Decision { get; init; } =
        Recommended is null ? Decision.NoConfigurationMeetsSlo : Decision.ChangeWithoutComparison;

    /// <summary>Why no savings are quoted against the baseline; null when they are.</summary>
    public string? BaselineProblem { get; init; }

    /// <summary>
    /// The smallest saving (percent) worth a change: below it, or an interval reaching below it, keeps.
    /// </summary>
    public double MinimumSavingPercent { get; init; } = DefaultMinimumSavingPercent;

    /// <summary>The recommendation's throughput against the baseline's and the floor it had to keep.</summary>
    public CapacityCheck? Capacity { get; init; }
}
