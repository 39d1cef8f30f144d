namespace MLEnergy.Simulation.Diffusion;

/// <summary>What one simulated batch took: its latency, the energy of all its GPUs, per output and as power.</summary>
public sealed record DiffusionTrialResult(
    DiffusionServingConfig Config,
    bool Feasible,
    string? InfeasibleReason,
    TimeSpan BatchLatency,
    double EnergyJoules
)
{
    /// <summary>Energy per image or video.</summary>
    public double EnergyPerOutputJoules => EnergyJoules / Config.BatchSize;

    /// <summary>Average power of all the configuration's GPUs together.</summary>
    public double AveragePowerWatts => BatchLatency > TimeSpan.Zero ? EnergyJoules / BatchLatency.TotalSeconds : 0;

    public static DiffusionTrialResult Infeasible(DiffusionServingConfig config, string reason) =>
        new(config, false, reason, TimeSpan.Zero, 0);
}
