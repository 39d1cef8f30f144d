using MLEnergy.Runtime.Prometheus;

namespace MLEnergy.Runtime.Governor;

/// <summary>Reads a <see cref="ServerLoad"/> from a page of vLLM's metrics (sim-server speaks the same).</summary>
public static class VllmMetrics
{
    public const string Running = "vllm:num_requests_running";
    public const string Waiting = "vllm:num_requests_waiting";
    public const string Finished = "vllm:request_success_total";
    public const string FirstToken = "vllm:time_to_first_token_seconds";

    /// <summary>sim-server's clock: rates follow the simulated GPU's time whatever its time scale.</summary>
    public const string VirtualTime = "mlenergy_sim_virtual_time_seconds";

    /// <summary>Per-request TPOT first (newer vLLM), then the per-token histograms of older and newer vLLM.</summary>
    public static readonly IReadOnlyList<string> OutputToken =
    [
        "vllm:request_time_per_output_token_seconds",
        "vllm:time_per_output_token_seconds",
        "vllm:inter_token_latency_seconds",
    ];

    /// <exception cref="FormatException">The page has no vLLM request counter.</exception>
    public static ServerLoad Read(PrometheusPage page, double wallSeconds)
    {
        if (page.Count(Finished) == 0)
        {
            throw new FormatException($"the metrics have no '{Finished}': is this a vLLM server?");
        }

        return new ServerLoad(
            page.Count(VirtualTime) > 0 ? page.Sum(VirtualTime) : wallSeconds,
            page.Sum(Finished),
            page.Sum(Running),
            page.Sum(Waiting),
            page.Histogram(FirstToken),
            OutputToken.Select(page.Histogram).FirstOrDefault(h => h is not null)
        );
    }
}
