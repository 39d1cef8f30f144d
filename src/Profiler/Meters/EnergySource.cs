namespace MLEnergy.Profiler.Meters;

/// <summary>
/// One thing a meter measures: <c>gpu0</c>, <c>cpu0-package</c>, <c>cpu0-dram</c>. <see cref="UpdatePeriod"/> is how
/// often its reading changes; windows shorter than it are estimated from power × time.
/// </summary>
public sealed record EnergySource(
    string Name,
    EnergySourceKind Kind,
    int Index,
    EnergyMethod Method,
    TimeSpan UpdatePeriod
);
