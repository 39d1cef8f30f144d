namespace MLEnergy.Simulation.Load;

/// <summary>
/// A request waiting for the engine. <see cref="AlreadyGenerated"/> above zero marks a request that was
/// already in flight when the simulation began (its prompt and those tokens are in the KV cache).
/// </summary>
internal readonly record struct PendingRequest(
    long Id,
    double ArrivalTime,
    int PromptTokens,
    int OutputTokens,
    int AlreadyGenerated = 0
);
