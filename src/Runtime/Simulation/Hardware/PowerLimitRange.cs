namespace MLEnergy.Runtime.Simulation.Hardware;

/// <summary>The power management limits a GPU accepts, in watts, and the one it boots with.</summary>
public sealed record PowerLimitRange(double MinWatts, double MaxWatts, double DefaultWatts)
{
    public bool Contains(double watts) => watts >= MinWatts && watts <= MaxWatts;
}
