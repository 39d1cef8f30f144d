namespace MLEnergy.Simulation.Load;

/// <summary>How requests arrive at the simulated server.</summary>
public enum LoadKind
{
    /// <summary>
    /// A request is always waiting, so the batch stays as full as the server allows (as the ML.ENERGY benchmark runs).
    /// </summary>
    Saturate,

    /// <summary>Open loop: requests arrive as a Poisson process at a fixed rate.</summary>
    Poisson,

    /// <summary>
    /// Closed loop: a fixed number of clients, each sending its next request when the last one completes.
    /// </summary>
    Concurrency,

    /// <summary>Replay of a JSONL trace of arrival times and token counts.</summary>
    Trace,
}
