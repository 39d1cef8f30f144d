using System.Globalization;
using System.Text;

namespace MLEnergy.Simulation.Http;

/// <summary>
/// The part of <c>/metrics</c> that speaks vLLM's names, types, labels and buckets, so that whatever watches a vLLM
/// server (dashboards, autoscalers, <c>mlenergy govern</c>) watches the simulated one alike. Times are the engine's
/// virtual seconds.
/// </summary>
internal static class VllmMetricsText
{
    public static void Render(StringBuilder text, LiveEngine live, string modelId)
    {
        var (batch, waiting, kvShare) = live.Occupancy;
        live.ReadStats(stats =>
        {
            Render(text, stats, batch, waiting, modelId, kvShare);
            return 0;
        });
    }

    /// <summary>The page for an engine with <paramref name="batch"/> requests running and <paramref name="waiting"/>
    /// queued, whose requests <paramref name="stats"/> counted, and <paramref name="kvShare"/> of its KV cache in use
    /// (the gauge left out where null).</summary>
    public static void Render(
        StringBuilder text,
        ServingStats stats,
        int batch,
        int waiting,
        string modelId,
        double? kvShare = null
    )
    {
        var c = CultureInfo.InvariantCulture;
        var labels = $"model_name=\"{modelId.Replace("\\", "\\\\").Replace("\"", "\\\"")}\"";
        text.AppendLine("# HELP vllm:num_requests_running Number of requests in model execution batches.");
        text.AppendLine("# TYPE vllm:num_requests_running gauge");
        text.AppendLine(c, $"vllm:num_requests_running{{{labels}}} {batch}");
        text.AppendLine("# HELP vllm:num_requests_waiting Number of requests waiting to be processed.");
        text.AppendLine("# TYPE vllm:num_requests_waiting gauge");
        text.AppendLine(c, $"vllm:num_requests_waiting{{{labels}}} {waiting}");
        if (kvShare is { } share)
        {
            text.AppendLine("# HELP vllm:kv_cache_usage_perc KV-cache usage. 1 means 100 percent usage.");
            text.AppendLine("# TYPE vllm:kv_cache_usage_perc gauge");
            text.AppendLine(c, $"vllm:kv_cache_usage_perc{{{labels}}} {share:0.######}");
        }
        text.AppendLine("# HELP vllm:prompt_tokens_total Number of prefill tokens processed.");
        text.AppendLine("# TYPE vllm:prompt_tokens_total counter");
        text.AppendLine(c, $"vllm:prompt_tokens_total{{{labels}}} {stats.PromptTokens}");
        text.AppendLine("# HELP vllm:generation_tokens_total Number of generation tokens processed.");
        text.AppendLine("# TYPE vllm:generation_tokens_total counter");
        text.AppendLine(c, $"vllm:generation_tokens_total{{{labels}}} {stats.GenerationTokens}");
        text.AppendLine("# HELP vllm:request_success_total Count of successfully processed requests.");
        text.AppendLine("# TYPE vllm:request_success_total counter");
        foreach (var reason in (string[])["stop", "length", "abort"])
        {
            text.AppendLine(
                c,
                $"vllm:request_success_total{{finished_reason=\"{reason}\",{labels}}} "
                    + $"{stats.Finished.GetValueOrDefault(reason)}"
            );
        }

        stats.FirstToken.Render(
            text,
            "vllm:time_to_first_token_seconds",
            "Histogram of time to first token in seconds.",
            labels
        );
        stats.InterToken.Render(
            text,
            "vllm:time_per_output_token_seconds",
            "Histogram of time per output token in seconds.",
            labels
        );
        stats.InterToken.Render(
            text,
            "vllm:inter_token_latency_seconds",
            "Histogram of inter-token latency in seconds.",
            labels
        );
        stats.RequestTimePerOutputToken.Render(
            text,
            "vllm:request_time_per_output_token_seconds",
            "Histogram of time_per_output_token_seconds per request.",
            labels
        );
        stats.RequestLatency.Render(
            text,
            "vllm:e2e_request_latency_seconds",
            "Histogram of e2e request latency in seconds.",
            labels
        );
    }
}
