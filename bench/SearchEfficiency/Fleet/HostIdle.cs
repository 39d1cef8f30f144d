namespace MLEnergy.SearchEfficiency.Fleet;

/// <summary>Workers' host time spent neither measuring nor after the study ended (<see cref="HostClock.Idle"/>).
/// </summary>
public sealed record HostIdle(TimeSpan Waiting, TimeSpan Tail);
