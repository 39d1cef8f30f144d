using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Selection;

namespace MLEnergy.Recommender.Plans;

/// <summary>
/// One load level as the plan's reports compare it: the baseline, the best static configuration and the plan's band,
/// each as measured at that level (null where it was not measured there), with the band's verdict on the SLO there.
/// </summary>
public sealed record LevelComparison(
    double RequestsPerSecond,
    Observation? Baseline,
    Observation? Static,
    Observation? Planned,
    SloVerdict PlannedVerdict
)
{
    /// <summary>
    /// The baseline when its figures at this level may be compared (<see cref="BaselineCheck.Compared"/>): null when
    /// it could not run there or could not keep up with the level's rate.
    /// </summary>
    public Observation? ComparedBaseline => BaselineCheck.Compared(Baseline);

    /// <summary>Why the baseline is not compared at this level; null when it is, or was not measured.</summary>
    public string? BaselineNotCompared =>
        Baseline is null || ComparedBaseline is not null ? null
        : Baseline.InfeasibleReason?.StartsWith(KeepUpRule.CannotCarry, StringComparison.Ordinal) == true
            ? KeepUpRule.CannotCarry
        : KeepUpRule.IsItsReason(Baseline.InfeasibleReason) ? KeepUpRule.CannotKeepUp
        : "could not run";
}
