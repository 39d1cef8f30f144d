namespace MLEnergy.Recommender.Metrics;

/// <summary>Which way a metric improves; Pareto dominance and report columns read it.</summary>
public enum MetricDirection
{
    /// <summary>Smaller is better: latency, energy, power, failures.</summary>
    LowerIsBetter,

    /// <summary>Larger is better: throughput.</summary>
    HigherIsBetter,
}
