namespace MLEnergy.Simulation;

/// <summary>One completed request as a load generator would see it.</summary>
public sealed record SimulatedRequestRecord(
    long Id,
    int Replica,
    TimeSpan Arrival,
    TimeSpan TimeToFirstToken,
    TimeSpan EndToEnd,
    int PromptTokens,
    int OutputTokens
)
{
    /// <summary>
    /// Time per output token after the first: (end-to-end − TTFT) / (tokens − 1); null for fewer than two tokens,
    /// as a load generator's request record has it (a one-token request has no TPOT sample, as in vLLM's
    /// <c>benchmark_serving</c>), not a zero that would pull the TPOT percentiles down.
    /// </summary>
    public TimeSpan? TimePerOutputToken => OutputTokens > 1 ? (EndToEnd - TimeToFirstToken) / (OutputTokens - 1) : null;
}
