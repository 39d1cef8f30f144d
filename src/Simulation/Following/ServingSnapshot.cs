namespace MLEnergy.Simulation.Following;

/// <summary>
/// What a simulated server shows of itself at one moment of virtual time, as a governor would read it.
/// </summary>
/// <param name="Seconds">Virtual seconds since the run began.</param>
/// <param name="Running">Requests in the batch.</param>
/// <param name="Waiting">Requests the last step's scheduling left queued (vLLM's waiting gauge).</param>
/// <param name="VllmMetrics">The page sim-server's <c>/metrics</c> would serve now, in vLLM's names (counters,
/// gauges and latency histograms in virtual seconds).</param>
public sealed record ServingSnapshot(double Seconds, int Running, int Waiting, string VllmMetrics);
