namespace MLEnergy.Recommender.Selection;

/// <summary>What the run tells the operator to do; the command's exit code follows from it.</summary>
public enum Decision
{
    /// <summary>
    /// Change to the recommendation: it meets the SLO and saves a meaningful amount against the baseline.
    /// </summary>
    Change,

    /// <summary>
    /// Change to the recommendation, with no savings quoted: the baseline did not run, completed nothing, misses the
    /// SLO, or the space names none.
    /// </summary>
    ChangeWithoutComparison,

    /// <summary>
    /// Keep the current configuration: the best configuration found is the baseline, or the savings' confidence
    /// interval reaches below the meaningful threshold.
    /// </summary>
    KeepCurrent,

    /// <summary>No configuration meets every SLO constraint; the closest one is shown.</summary>
    NoConfigurationMeetsSlo,
}

public static class Decisions
{
    /// <summary>The name result.json and the history use.</summary>
    public static string ToName(this Decision decision) =>
        decision switch
        {
            Decision.Change => "change",
            Decision.ChangeWithoutComparison => "change-without-comparison",
            Decision.KeepCurrent => "keep-current",
            Decision.NoConfigurationMeetsSlo => "no-configuration-meets-slo",
            _ => throw new ArgumentOutOfRangeException(nameof(decision)),
        };
}
