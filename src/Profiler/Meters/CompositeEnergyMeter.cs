using MLEnergy.Units;

namespace MLEnergy.Profiler.Meters;

/// <summary>Several meters read as one (GPUs and RAPL, say), sources in the order of the meters given.</summary>
public sealed class CompositeEnergyMeter : IEnergyMeter
{
    private readonly IEnergyMeter[] _meters;
    private readonly Dictionary<EnergySource, IEnergyMeter> _owners = [];

    public CompositeEnergyMeter(params IEnergyMeter[] meters)
    {
        _meters = meters;
        foreach (var meter in meters)
        {
            foreach (var source in meter.Inventory.Sources)
            {
                _owners[source] = meter;
            }
        }

        Inventory = new MeterInventory(
            meters.SelectMany(m => m.Inventory.Sources).ToArray(),
            meters.SelectMany(m => m.Inventory.Absent).ToArray()
        );
    }

    public MeterInventory Inventory { get; }

    public IReadOnlyList<Energy> Read()
    {
        var values = new Energy[Inventory.Sources.Count];
        var offset = 0;
        foreach (var meter in _meters)
        {
            var part = meter.Read();
            for (var i = 0; i < part.Count; i++)
            {
                values[offset + i] = part[i];
            }

            offset += part.Count;
        }

        return values;
    }

    public Power? ReadPower(EnergySource source) =>
        _owners.TryGetValue(source, out var owner) ? owner.ReadPower(source) : null;
}
