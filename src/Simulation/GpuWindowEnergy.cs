namespace MLEnergy.Simulation;

/// <summary>
/// One GPU's energy over the steady-state window; <see cref="Replica"/> is null for a GPU no replica uses.
/// </summary>
public sealed record GpuWindowEnergy(int Index, int? Replica, double EnergyJoules, double AveragePowerWatts)
{
    public bool Serving => Replica is not null;
}
