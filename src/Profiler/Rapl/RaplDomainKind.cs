namespace MLEnergy.Profiler.Rapl;

/// <summary>What a RAPL domain covers. Core and uncore lie inside their package; psys covers the platform.</summary>
public enum RaplDomainKind
{
    Other,
    Package,
    Dram,
    Core,
    Uncore,
    Psys,
}
