using MLEnergy.Units;

namespace MLEnergy.Profiler.Nvml;

/// <summary>The power management limits a device accepts.</summary>
public sealed record PowerLimitRange(Power Minimum, Power Maximum)
{
    public bool Contains(Power limit) => limit >= Minimum && limit <= Maximum;
}
