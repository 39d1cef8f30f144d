namespace MLEnergy.Simulation.Bench;

/// <summary>The simulator's numbers for one measured row, averaged over seeds; or why it cannot simulate it.</summary>
internal sealed record SimulatedRow(
    MeasuredRow Measured,
    bool Fitted,
    string? Uncovered,
    double MedianItlMs = double.NaN,
    double P99ItlMs = double.NaN,
    double EnergyPerTokenJoules = double.NaN,
    double AvgPowerWatts = double.NaN,
    double AvgBatchSize = double.NaN,
    double Preemptions = double.NaN,
    double PeakKvShare = double.NaN
)
{
    public bool Covered => Uncovered is null;

    public double ItlError => MedianItlMs / Measured.MedianItlMs - 1;

    public double P99Error => P99ItlMs / Measured.P99ItlMs - 1;

    public double EnergyError => EnergyPerTokenJoules / Measured.EnergyPerTokenJoules - 1;

    public double PowerError => AvgPowerWatts / Measured.AvgPowerWatts - 1;

    /// <summary>The largest absolute error of the four metrics.</summary>
    public double WorstError => new[] { ItlError, P99Error, EnergyError, PowerError }.Max(Math.Abs);
}
