namespace MLEnergy.Runtime.Trials;

/// <summary>
/// The server's running batch, from vLLM's Prometheus gauge <c>vllm:num_requests_running</c> (summed over its
/// series), read about once a second over a window; a server without the gauge gives none.
/// </summary>
public sealed class RunningBatchGauge(HttpClient http, Uri metricsUrl, TimeProvider time)
{
    public const string Metric = "vllm:num_requests_running";

    /// <summary>Samples until cancelled; the mean of the samples, or null when the server has no such gauge.</summary>
    public async Task<double?> SampleAsync(CancellationToken stop)
    {
        var samples = new List<double>();
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

        return samples.Count > 0 ? samples.Average() : null;
    }
}
