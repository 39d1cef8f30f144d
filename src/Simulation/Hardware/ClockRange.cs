namespace MLEnergy.Simulation.Hardware;

/// <summary>The SM clocks a GPU supports, as NVML lists them: every step from the minimum to the maximum.</summary>
public sealed record ClockRange(int MinMhz, int MaxMhz, int StepMhz)
{
    /// <summary>How many distinct clock levels the GPU offers.</summary>
    public int LevelCount => ((MaxMhz - MinMhz) / StepMhz) + 1;

    /// <summary>The clock of a level, level 0 being the minimum.</summary>
    public int LevelMhz(int level) => MinMhz + (level * StepMhz);

    /// <summary>
    /// The highest supported level at or under a requested cap (the minimum when the cap is below it).
    /// </summary>
    public int LevelAtOrBelow(double mhz)
    {
        if (mhz >= MaxMhz)
        {
            return LevelCount - 1;
        }

        return Math.Max(0, (int)Math.Floor((mhz - MinMhz) / StepMhz));
    }
}
