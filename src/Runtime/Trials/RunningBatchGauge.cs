namespace MLEnergy.Runtime.Trials;

/// <summary>
/// The server's running batch and queue, from vLLM's Prometheus gauges <c>vllm:num_requests_running</c> and
/// <c>vllm:num_requests_waiting</c> (each summed over its series), read about once a second over a window; a server
/// without the running gauge gives none.
/// </summary>
public sealed class RunningBatchGauge(HttpClient http, Uri metricsUrl, TimeProvider time)
{
    public const string Metric = "vllm:num_requests_running";

    public const string WaitingMetric = "vllm:num_requests_waiting";

    /// <summary>
    /// Samples until cancelled; the means of the samples (waiting: null when the server has no such gauge), or null
    /// when the server has no running gauge.
    /// </summary>
    public async Task<ServerBatch?> SampleAsync(CancellationToken stop)
    {
        var samples = new List<double>();
        var waiting = new List<double>();
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
                samples.Max()
            )
            : null;
    }
}
