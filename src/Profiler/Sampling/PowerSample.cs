using MLEnergy.Units;

namespace MLEnergy.Profiler.Sampling;

/// <summary>
/// One sample of one device. <see cref="Energy"/> is counted from the sampler's first sample of that device;
/// each reading is <c>null</c> when the device does not offer it.
/// </summary>
public sealed record PowerSample(
    DateTimeOffset Timestamp,
    string Device,
    Power? Power,
    Energy? Energy,
    Frequency? SmClock
);
