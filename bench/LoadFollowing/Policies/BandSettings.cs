using MLEnergy.Recommender.Plans;
using MLEnergy.Simulation.Http;

namespace MLEnergy.LoadFollowing.Policies;

/// <summary>A plan band's GPU settings as the simulated GPUs take them (null: the GPU's default).</summary>
public static class BandSettings
{
    public static SimulatedGpuSettings Of(LoadBand band) =>
        new(band.SmClockCapMhz is { } cap ? (int)Math.Round(cap) : null, band.PowerLimitWatts);
}
