namespace MLEnergy.Profiler.Latency;

/// <summary>The latencies recorded per streamed request.</summary>
public enum LatencyKind
{
    /// <summary>Time to first token, one sample per request.</summary>
    Ttft,

    /// <summary>Time per output token after the first, one sample per request.</summary>
    Tpot,

    /// <summary>Every gap between two streamed tokens.</summary>
    Itl,

    /// <summary>End-to-end request latency, one sample per request.</summary>
    E2e,
}
