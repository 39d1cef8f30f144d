namespace MLEnergy.Profiler.Meters;

/// <summary>What a meter measures, and what it would have measured on a better-equipped host.</summary>
public sealed record MeterInventory(IReadOnlyList<EnergySource> Sources, IReadOnlyList<AbsentSource> Absent)
{
    public static MeterInventory Empty { get; } = new([], []);
}
