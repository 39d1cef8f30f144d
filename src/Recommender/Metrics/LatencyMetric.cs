namespace MLEnergy.Recommender.Metrics;

/// <summary>The latencies an SLO can bound.</summary>
public enum LatencyMetric
{
    /// <summary>Time to first token.</summary>
    Ttft,

    /// <summary>Time per output token after the first, per request.</summary>
    Tpot,

    /// <summary>Inter-token latency: every gap between two streamed tokens.</summary>
    Itl,

    /// <summary>End-to-end request latency.</summary>
    E2e,

    /// <summary>Batch latency of a non-LLM workload (diffusion, embeddings).</summary>
    Latency,
}
