namespace MLEnergy.Recommender.Metrics;

/// <summary>The statistic of a latency distribution an SLO bounds.</summary>
public enum Statistic
{
    Mean,
    P50,
    P90,
    P95,
    P99,
    P999,
}
