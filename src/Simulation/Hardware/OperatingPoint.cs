namespace MLEnergy.Simulation.Hardware;

/// <summary>How a piece of work ran: at which SM clock, for how long, at what average power.</summary>
public readonly record struct OperatingPoint(double ClockMhz, double DurationSeconds, double PowerWatts)
{
    public double EnergyJoules => DurationSeconds * PowerWatts;
}
