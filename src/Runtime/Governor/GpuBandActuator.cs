using MLEnergy.Recommender.Plans;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Governor;

/// <summary>A band's SM clock cap and power limit set through the journaled GPU actuator.</summary>
public sealed class GpuBandActuator(GpuKnobActuator actuator) : IBandActuator
{
    public void Apply(LoadBand band) =>
        actuator.Set(
            band.SmClockCapMhz is { } mhz ? Frequency.FromMegahertz(mhz) : null,
            band.PowerLimitWatts is { } watts ? Power.FromWatts(watts) : null
        );
}
