namespace MLEnergy.Recommender.Tests.Support;

/// <summary>
/// An LLM as the synthetic host sees it: bytes read per decode step (weights plus KV cache per sequence)
/// and compute per generated token. Numbers are shaped after 8B–32B models on one H100, not measured.
/// </summary>
public sealed record SyntheticModel(
    string Name,
    double WeightsGigabytes,
    double KvGigabytesPerSequence,
    double GigaflopsPerToken
)
{
    public static SyntheticModel Small { get; } = new("synthetic-8b", 16, 0.10, 40);

    public static SyntheticModel Medium { get; } = new("synthetic-14b", 28, 0.16, 70);

    public static SyntheticModel Large { get; } = new("synthetic-32b", 64, 0.12, 160);
}
