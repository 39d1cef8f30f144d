using MLEnergy.Units;

namespace MLEnergy.Runtime.Trials;

/// <summary>What the meter saw over one window: total GPU energy, how many GPUs, and for how long.</summary>
public sealed record WindowEnergy(Energy Energy, int Gpus, TimeSpan Elapsed)
{
    /// <summary>Average power per GPU over the window.</summary>
    public Power AveragePowerPerGpu => Gpus == 0 ? Power.Zero : Power.FromWatts(Energy.Per(Elapsed).Watts / Gpus);
}
