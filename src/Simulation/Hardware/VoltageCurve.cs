namespace MLEnergy.Simulation.Hardware;

/// <summary>
/// The voltage–frequency curve: voltage falls linearly with the SM clock from the maximum clock down to the
/// knee, and stays at the floor (a fraction of the maximum voltage) below it.
/// </summary>
public sealed record VoltageCurve(double FloorRatio, double KneeMhz)
{
    /// <summary>Voltage at a clock as a fraction of the voltage at the maximum clock.</summary>
    public double RatioAt(double mhz, double maxMhz)
    {
        if (mhz <= KneeMhz || maxMhz <= KneeMhz)
        {
            return FloorRatio;
        }

        var above = Math.Min(1.0, (mhz - KneeMhz) / (maxMhz - KneeMhz));
        return FloorRatio + ((1.0 - FloorRatio) * above);
    }
}
