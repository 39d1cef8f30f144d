namespace MLEnergy.Simulation.Load;

/// <summary>
/// One request of a load trace for the simulated engine: when it arrives (seconds from the start) and its token counts.
/// </summary>
public sealed record TraceRequest(double TimestampSeconds, int PromptTokens, int OutputTokens);
