using MLEnergy.Units;

namespace MLEnergy.Profiler.Meters;

/// <summary>Measures nothing; lists what is absent so reports can say so.</summary>
public sealed class NullEnergyMeter : IEnergyMeter
{
    public NullEnergyMeter(IReadOnlyList<AbsentSource>? absent = null) =>
        Inventory = new MeterInventory([], absent ?? []);

    public static NullEnergyMeter Instance { get; } = new();

    public MeterInventory Inventory { get; }

    public IReadOnlyList<Energy> Read() => [];

    public Power? ReadPower(EnergySource source) => null;
}
