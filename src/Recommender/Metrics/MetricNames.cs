namespace MLEnergy.Recommender.Metrics;

/// <summary>
/// The names of observed metrics as they appear in results: latencies are <c>&lt;metric&gt;_&lt;stat&gt;_ms</c>
/// (e.g. <c>itl_p50_ms</c>), energies carry their unit in the name. <see cref="MetricCatalogue"/> defines each.
/// </summary>
public static class MetricNames
{
    public const string EnergyPerToken = "energy_per_token_j";
    public const string EnergyPerTokenLow = "energy_per_token_j_ci95_low";
    public const string EnergyPerTokenHigh = "energy_per_token_j_ci95_high";
    public const string EnergyPerRequest = "energy_per_request_j";
    public const string EnergyPerImage = "energy_per_image_j";
    public const string EnergyPerVideo = "energy_per_video_j";
    public const string AveragePower = "avg_power_w";
    public const string AveragePowerPerGpu = "avg_power_per_gpu_w";
    public const string PeakPowerPerGpu = "peak_power_per_gpu_w";
    public const string PeakRunningBatch = "peak_running_batch";
    public const string PeakSmClock = "peak_sm_clock_mhz";
    public const string TokenThroughput = "throughput_tokens_per_s";
    public const string RequestThroughput = "throughput_requests_per_s";
    public const string ImageThroughput = "throughput_images_per_s";
    public const string VideoThroughput = "throughput_videos_per_s";
    public const string Requests = "requests";
    public const string RequestsFailed = "requests_failed";
    public const string OutputTokensEstimatedShare = "output_tokens_estimated_share";
    public const string OfferedRequests = "offered_requests";
    public const string OfferedRate = "offered_requests_per_s";
    public const string LoadRate = "load_requests_per_s";
    public const string BacklogGrowth = "backlog_growth";
    public const string ArrivalDispersion = "arrival_dispersion";
    public const string PowerLimitRequested = "gpu_power_limit_requested_w";
    public const string PowerLimitEnforced = "gpu_power_limit_enforced_w";
    public const string SmClockCapRequested = "gpu_sm_clock_cap_requested_mhz";
    public const string SmClock = "gpu_sm_clock_mhz";
    public const string TemperatureStart = "gpu_temperature_start_c";
    public const string TemperatureEnd = "gpu_temperature_end_c";
    public const string SettleWait = "settle_wait_s";
    public const string BatchOccupancy = "batch_occupancy";
    public const string SendLateShare = "send_late_share";
    public const string SendLatenessP99 = "send_lateness_p99_ms";

    public static string Latency(LatencyMetric metric, Statistic statistic) =>
        $"{metric.ToName()}_{StatisticPart(statistic)}_ms";

    /// <summary>How a statistic is written inside a metric name: <c>p999</c> for p99.9.</summary>
    public static string StatisticPart(Statistic statistic) =>
        statistic.ToName().Replace(".", string.Empty, StringComparison.Ordinal);

    /// <summary>Whether a larger value of this metric is better (throughput) or worse (latency, energy).</summary>
    public static bool HigherIsBetter(string name) => MetricCatalogue.Get(name).HigherIsBetter;
}
