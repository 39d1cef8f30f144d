namespace MLEnergy.Simulation.Hardware;

/// <summary>
/// How this GPU kind's serving engine does against the engine's constants (fitted on the H100): the achieved
/// fraction of peak bandwidth and compute, the host's per-step overheads, and the length of the host's stalls, each
/// as a ratio (1 = as on the H100).
/// </summary>
public sealed record AchievedScale(double Bandwidth = 1, double Compute = 1, double Overhead = 1, double Stall = 1)
{
    public static AchievedScale Same { get; } = new();
}
