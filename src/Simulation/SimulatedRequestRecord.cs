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
    /// Time per output token after the first: (end-to-end − TTFT) / (tokens − 1); zero for one token.
    /// </summary>
    public TimeSpan TimePerOutputToken =>
        OutputTokens > 1 ? (EndToEnd - TimeToFirstToken) / (OutputTokens - 1) : TimeSpan.Zero;
}
