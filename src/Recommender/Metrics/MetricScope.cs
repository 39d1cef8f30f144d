namespace MLEnergy.Recommender.Metrics;

/// <summary>What one value of a metric is about: a request, a token, one GPU, or all the serving GPUs.</summary>
public enum MetricScope
{
    /// <summary>Per request (TTFT, TPOT, end-to-end latency, energy per request).</summary>
    PerRequest,

    /// <summary>Per output token (inter-token latency, energy per token).</summary>
    PerToken,

    /// <summary>Per generated image or per batch of a non-LLM workload.</summary>
    PerImage,

    /// <summary>Per generated video.</summary>
    PerVideo,

    /// <summary>Per batch of a non-LLM workload (diffusion's batch latency).</summary>
    PerBatch,

    /// <summary>One GPU: a value of the serving GPUs divided by their count.</summary>
    PerGpu,

    /// <summary>All the GPUs serving the model together (ML.ENERGY's convention for power and throughput).</summary>
    ServingGpus,

    /// <summary>The whole trial's steady-state window (counts of requests).</summary>
    Trial,
}
