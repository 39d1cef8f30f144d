using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Plans;

/// <summary>
/// One load level as the plan's reports compare it: the baseline, the best static configuration and the plan's band,
/// each as measured at that level (null where it was not measured there).
/// </summary>
public sealed record LevelComparison(
    double RequestsPerSecond,
    Observation? Baseline,
    Observation? Static,
    Observation? Planned,
    bool PlannedMeetsSlo
);
