namespace MLEnergy.Runtime.Studies;

/// <summary>
/// How a worker takes part in a study: its name, how long a claim lives without a heartbeat before another worker may
/// take it over, and how often it beats and looks again while others measure.
/// </summary>
public sealed record StudySettings(string Name, TimeSpan ClaimTimeout)
{
    /// <summary>Five beats fit in one timeout: a busy database or a slow beat does not lose a live claim.</summary>
    public TimeSpan HeartbeatInterval => ClaimTimeout / 5;

    public TimeSpan PollInterval =>
        HeartbeatInterval < TimeSpan.FromSeconds(2) ? HeartbeatInterval : TimeSpan.FromSeconds(2);
}
