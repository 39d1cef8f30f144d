namespace MLEnergy.Simulation.Load;

/// <summary>
/// A request waiting for the engine. <see cref="AlreadyGenerated"/> above zero marks a request that was
/// already in flight when the simulation began (its prompt and those tokens are in the KV cache).
/// <see cref="PromptKey"/> names the prompt when several requests send the same one (0 and up; -1: a prompt of its
/// own): the engine's prefix cache lets copies share the prompt's KV blocks.
/// </summary>
internal readonly record struct PendingRequest(
    long Id,
    double ArrivalTime,
    int PromptTokens,
    int OutputTokens,
    int AlreadyGenerated = 0,
    int PromptKey = -1
);
