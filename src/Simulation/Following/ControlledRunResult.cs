namespace MLEnergy.Simulation.Following;

/// <summary>What one controlled run over a trace served and drew.</summary>
/// <param name="Seconds">Virtual seconds the run covered; energy is counted over all of them.</param>
/// <param name="EnergyJoules">Energy of the replica's GPUs (all of its tensor-parallel GPUs), J.</param>
/// <param name="Requests">Requests finished within the run, each with its latencies.</param>
/// <param name="Unfinished">Requests of the trace not finished when the run ended.</param>
/// <param name="MaxWaiting">The longest queue any step's scheduling left (requests arrived and not admitted).</param>
/// <param name="SettingChanges">How many times the GPU settings were changed during the run.</param>
public sealed record ControlledRunResult(
    double Seconds,
    double EnergyJoules,
    IReadOnlyList<SimulatedRequestRecord> Requests,
    int Unfinished,
    int MaxWaiting,
    int SettingChanges
)
{
    /// <summary>Output tokens of the finished requests.</summary>
    public long OutputTokens => Requests.Sum(r => (long)r.OutputTokens);
}
