namespace MLEnergy.Profiler.Meters;

/// <summary>What a source measures.</summary>
public enum EnergySourceKind
{
    Gpu,
    CpuPackage,
    Dram,
}
