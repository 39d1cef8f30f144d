namespace MLEnergy.Runtime.Load;

/// <summary>
/// One request of a rate-driven load: when its schedule had it due and when the load generator began sending it, as
/// offsets from the run's origin (MLPerf LoadGen's scheduled and issued times).
/// </summary>
public readonly record struct ScheduledSend(TimeSpan Due, TimeSpan Sent)
{
    /// <summary>How late the request went out: the send's start minus its due time (never below zero).</summary>
    public TimeSpan Lateness => Sent > Due ? Sent - Due : TimeSpan.Zero;
}
