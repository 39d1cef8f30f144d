namespace MLEnergy.Runtime.Trials;

/// <summary>
/// The server's running batch and queue, from vLLM's Prometheus gauges <c>vllm:num_requests_running</c> and
/// <c>vllm:num_requests_waiting</c> (each summed over its series), and the share of its KV cache in use
/// (<c>vllm:kv_cache_usage_perc</c>, vLLM 0.10 and later, else <c>vllm:gpu_cache_usage_perc</c>; a share from 0 to 1
/// despite the name, averaged over its series), read about once a second over a window; a server without the running
/// gauge gives none.
/// </summary>
public sealed class RunningBatchGauge(HttpClient http, Uri metricsUrl, TimeProvider time)
{
    public const string Metric = "vllm:num_requests_running";

    public const string WaitingMetric = "vllm:num_requests_waiting";

    public const string KvCacheMetric = "vllm:kv_cache_usage_perc";

    /// <summary>The KV cache gauge's name before vLLM 0.10.</summary>
    public const string LegacyKvCacheMetric = "vllm:gpu_cache_usage_perc";

    /// <summary>
    /// Samples until cancelled; the means of the samples (waiting: null when the server has no such gauge), or null
    /// when the server has no running gauge.
    /// </summary>
    public async Task<ServerBatch?> SampleAsync(CancellationToken stop)
    {
        var samples = new List<double>();
        var waiting = new List<double>();
        var kv = new List<double>();
        while (!stop.IsCancellationRequested)
        {
            try
            {
                var text = await http.GetStringAsync(metricsUrl, stop);
                var (sum, series) = PrometheusEnergyWindow.Parse(text, Metric);
                if (series == 0)
                {
                    return null;
                }

                samples.Add(sum);
                if (PrometheusEnergyWindow.Parse(text, WaitingMetric) is { Series: > 0 } queued)
                {
                    waiting.Add(queued.Sum);
                }

                if (KvShare(text) is { } share)
                {
                    kv.Add(share);
                }

                await Task.Delay(TimeSpan.FromSeconds(1), time, stop);
            }
            catch (OperationCanceledException)
            {
                break;
            }
            catch (HttpRequestException)
            {
                return null;
            }
        }

        return samples.Count > 0
            ? new ServerBatch(
                samples.Average(),
                waiting.Count == samples.Count ? waiting.Average() : null,
                samples.Max(),
                kv.Count == samples.Count ? kv.Average() : null
            )
            : null;
    }

    private static double? KvShare(string text)
    {
        foreach (var metric in (string[])[KvCacheMetric, LegacyKvCacheMetric])
        {
            if (PrometheusEnergyWindow.Parse(text, metric) is { Series: > 0 } used)
            {
                return used.Sum / used.Series;
            }
        }

        return null;
    }
}
