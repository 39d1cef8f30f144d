namespace MLEnergy.Profiler.Meters;

/// <summary>How a source's energy is obtained.</summary>
public enum EnergyMethod
{
    /// <summary>A hardware energy counter (NVML total energy, RAPL energy_uj).</summary>
    Counter,

    /// <summary>Power polled at an interval and integrated with the trapezoidal rule.</summary>
    PowerIntegration,
}
