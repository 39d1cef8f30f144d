namespace MLEnergy.Runtime.Trials;

/// <summary>
/// What a serving host is doing during a trial, for a person watching: starting a server, warming up, measuring
/// (and for how long), extending the window while the SLO verdict is undecided.
/// </summary>
/// <param name="What">One short phrase, e.g. <c>warming up for 30 s</c>.</param>
/// <param name="At">When it began (the host's clock).</param>
public sealed record HostActivity(string What, DateTimeOffset At);
