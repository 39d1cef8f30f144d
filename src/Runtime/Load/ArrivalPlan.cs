namespace MLEnergy.Runtime.Load;

/// <summary>When requests are sent: open-loop Poisson, closed-loop concurrency, or a recorded trace.</summary>
public abstract record ArrivalPlan
{
    public abstract string Describe();

    /// <summary>
    /// The rate the plan states over its whole length, requests per second (<c>load_requests_per_s</c>); null for a
    /// closed loop, whose rate is the server's own.
    /// </summary>
    public virtual double? StatedRate => null;

    /// <summary>
    /// When each request is due, as offsets from the load's start, in order and without end while the plan repeats;
    /// the same times on every call. Empty for a closed loop, which keeps no schedule.
    /// </summary>
    public virtual IEnumerable<TimeSpan> DueTimes() => [];
}
