using MLEnergy.Recommender.Plans;

namespace MLEnergy.Runtime.Governor;

/// <summary>Puts a plan band's GPU settings in force.</summary>
public interface IBandActuator
{
    /// <exception cref="MLEnergy.Runtime.Actuators.SimulatedGpuException">A sim-server that did not answer.</exception>
    void Apply(LoadBand band);
}
