namespace MLEnergy.Recommender.Results;

/// <summary>What the summary needs beyond the result to say what to do next.</summary>
/// <param name="RunId">The run's id in the history, for <c>mlenergy apply ID</c>; null leaves next steps out.</param>
/// <param name="HostCanApply">
/// Whether the run measured a host the recommendation can be applied to (not simulated, not replayed).
/// </param>
public sealed record SummaryContext(string? RunId, bool HostCanApply)
{
    public static SummaryContext None { get; } = new(null, false);
}
