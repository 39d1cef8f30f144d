using MLEnergy.Units;

namespace MLEnergy.Profiler.Meters;

/// <summary>Cumulative energy of a fixed set of sources; differences of two reads are what windows report.</summary>
public interface IEnergyMeter
{
    MeterInventory Inventory { get; }

    /// <summary>
    /// Energy of each of <see cref="MeterInventory.Sources"/> (same order) since the meter's own origin.
    /// </summary>
    IReadOnlyList<Energy> Read();

    /// <summary>
    /// The source's present power, for estimates over short windows; <c>null</c> when it cannot tell.
    /// </summary>
    Power? ReadPower(EnergySource source);
}
