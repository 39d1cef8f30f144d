using MLEnergy.Recommender.Plans;

namespace MLEnergy.Runtime.Governor;

/// <summary>Puts a plan band's GPU settings in force.</summary>
public interface IBandActuator
{
    /// <summary>
    /// Sets the band; returns one line for each setting left as it is (a power limit set by hand since), none when
    /// all were set.
    /// </summary>
    /// <exception cref="MLEnergy.Runtime.Actuators.SimulatedGpuException">A sim-server that did not answer.</exception>
    IReadOnlyList<string> Apply(LoadBand band);
}
