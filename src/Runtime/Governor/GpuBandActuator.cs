using MLEnergy.Recommender.Plans;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Governor;

/// <summary>
/// A band's SM clock cap and power limit set through the journaled GPU actuator; a power limit set by hand since it
/// set its own is left, as a restore leaves it.
/// </summary>
public sealed class GpuBandActuator(GpuKnobActuator actuator) : IBandActuator
{
    public IReadOnlyList<string> Apply(LoadBand band) =>
        actuator.Set(
            band.SmClockCapMhz is { } mhz ? Frequency.FromMegahertz(mhz) : null,
            band.PowerLimitWatts is { } watts ? Power.FromWatts(watts) : null
        );
}
