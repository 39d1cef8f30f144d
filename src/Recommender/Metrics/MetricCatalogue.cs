using System.Collections.Immutable;
using MLEnergy.Recommender.Metrics;

namespace MLEnergy.Recommender.Metrics;

/// <summary>
/// Every metric an observation, result.json or a report can carry, in one place: name, unit, direction, scope
/// and a line for people. Power and throughput are those of all the GPUs serving the model (as ML.ENERGY
/// reports them); <see cref="AveragePowerPerGpu"/> is the same power divided by their count.
/// </summary>
public static partial class MetricCatalogue
{
    public static readonly ImmutableArray<Statistic> Statistics =
    [
        Statistic.Mean,
        Statistic.P50,
        Statistic.P90,
        Statistic.P95,
        Statistic.P99,
        Statistic.P999,
    ];

    public static readonly LatencyFamily Ttft = new(
        LatencyMetric.Ttft,
        MetricScope.PerRequest,
        "time to first token: from sending the request to the first chunk with generated text (answer, reasoning, "
            + "refusal or tool call)"
    );

    public static readonly LatencyFamily Tpot = new(
        LatencyMetric.Tpot,
        MetricScope.PerRequest,
        "time per output token after the first, per request: (end to end − TTFT) / (output tokens − 1); a "
            + "one-token request has none"
    );

    public static readonly LatencyFamily Itl = new(
        LatencyMetric.Itl,
        MetricScope.PerToken,
        "inter-token latency: every gap between two streamed tokens, output tokens − 1 of them a request; the "
            + "tokens that came in one chunk are gaps of zero"
    );

    public static readonly LatencyFamily E2e = new(
        LatencyMetric.E2e,
        MetricScope.PerRequest,
        "end-to-end request latency: from sending the request to the end of its stream"
    );

    public static readonly LatencyFamily BatchLatency = new(
        LatencyMetric.Latency,
        MetricScope.PerBatch,
        "batch latency of a non-LLM workload (diffusion)"
    );

    public static readonly MetricDefinition EnergyPerToken = Lower(
        MetricNames.EnergyPerToken,
        "J/token",
        MetricScope.PerToken,
        "GPU energy of the serving GPUs per output token"
    );

    public static readonly MetricDefinition EnergyPerTokenLow = Lower(
        MetricNames.EnergyPerTokenLow,
        "J/token",
        MetricScope.PerToken,
        "low end of the 95 % Student-t interval of energy_per_token_j (a ratio estimator's, centred on total "
            + "energy over total output tokens) over the trial's steady-state windows (only with two or more)"
    );

    public static readonly MetricDefinition EnergyPerTokenHigh = Lower(
        MetricNames.EnergyPerTokenHigh,
        "J/token",
        MetricScope.PerToken,
        "high end of the 95 % Student-t interval of energy_per_token_j (a ratio estimator's, centred on total "
            + "energy over total output tokens) over the trial's steady-state windows (only with two or more)"
    );

    public static readonly MetricDefinition EnergyPerRequest = Lower(
        MetricNames.EnergyPerRequest,
        "J/request",
        MetricScope.PerRequest,
        "energy per token times the mean output length"
    );

    public static readonly MetricDefinition EnergyPerImage = Lower(
        MetricNames.EnergyPerImage,
        "J/image",
        MetricScope.PerImage,
        "GPU energy of the serving GPUs per generated image"
    );

    public static readonly MetricDefinition EnergyPerVideo = Lower(
        MetricNames.EnergyPerVideo,
        "J/video",
        MetricScope.PerVideo,
        "GPU energy of the serving GPUs per generated video"
    );

    public static readonly MetricDefinition AveragePower = Lower(
        MetricNames.AveragePower,
        "W",
        MetricScope.ServingGpus,
        "average power of the GPUs serving the model, summed"
    ) with
    {
        Label = "average power, serving GPUs summed",
    };

    public static readonly MetricDefinition AveragePowerPerGpu = Lower(
        MetricNames.AveragePowerPerGpu,
        "W",
        MetricScope.PerGpu,
        "avg_power_w divided by the number of serving GPUs"
    ) with
    {
        Label = "average power per serving GPU",
    };

    public static readonly MetricDefinition PeakPowerPerGpu = Lower(
        MetricNames.PeakPowerPerGpu,
        "W",
        MetricScope.PerGpu,
        "highest power one serving GPU drew over the window, at the meter's finest interval (what a power limit is "
            + "held against)"
    );

    public static readonly MetricDefinition PeakRunningBatch = Lower(
        MetricNames.PeakRunningBatch,
        "sequences",
        MetricScope.Trial,
        "largest number of sequences one replica ran in one step over the window (what max_num_seqs is held "
            + "against); a served trial samples vllm:num_requests_running about once a second"
    );

    public static readonly MetricDefinition PeakSmClock = Lower(
        MetricNames.PeakSmClock,
        "MHz",
        MetricScope.PerGpu,
        "highest SM clock a serving GPU ran a step at over the window (what an SM clock cap is held against)"
    );

    public static readonly MetricDefinition TokenThroughput = Higher(
        MetricNames.TokenThroughput,
        "output tokens/s",
        "output tokens per second, measured: the server's count of the tokens it generated, reasoning included"
    );

    public static readonly MetricDefinition RequestThroughput = Higher(
        MetricNames.RequestThroughput,
        "requests/s",
        "completed requests per second, measured"
    );

    public static readonly MetricDefinition ImageThroughput = Higher(
        MetricNames.ImageThroughput,
        "images/s",
        "generated images per second, measured"
    );

    public static readonly MetricDefinition VideoThroughput = Higher(
        MetricNames.VideoThroughput,
        "videos/s",
        "generated videos per second, measured"
    );

    public static readonly MetricDefinition Requests = new(
        MetricNames.Requests,
        "count",
        MetricDirection.HigherIsBetter,
        MetricScope.Trial,
        "requests that finished inside the steady-state window(s), whenever they started"
    );

    public static readonly MetricDefinition RequestsFailed = Lower(
        MetricNames.RequestsFailed,
        "count",
        MetricScope.Trial,
        "requests that failed inside the steady-state window(s), whenever they started"
    );

    public static readonly MetricDefinition OutputTokensEstimatedShare = Lower(
        MetricNames.OutputTokensEstimatedShare,
        "share",
        MetricScope.Trial,
        "share of requests whose output tokens were counted from chunks (the server sent no usage or timings)"
    );

    public static readonly MetricDefinition OfferedRequests = new(
        MetricNames.OfferedRequests,
        "count",
        MetricDirection.HigherIsBetter,
        MetricScope.Trial,
        "requests that arrived inside the steady-state window(s) under a rate-driven load (Poisson, trace)"
    );

    public static readonly MetricDefinition OfferedRate = new(
        MetricNames.OfferedRate,
        "requests/s",
        MetricDirection.HigherIsBetter,
        MetricScope.ServingGpus,
        "offered_requests per second of the window(s): the load asked of the server"
    );

    public static readonly MetricDefinition LoadRate = Higher(
        MetricNames.LoadRate,
        "requests/s",
        "the rate the load states over its whole length (poisson:RATE's RATE, a trace's requests over its span): "
            + "what offered_requests_per_s, one window's, scatters around"
    );

    public static readonly MetricDefinition BacklogGrowth = Lower(
        MetricNames.BacklogGrowth,
        "count",
        MetricScope.Trial,
        "requests waiting or in service at the window's end minus at its start (offered minus completed)"
    );

    public static readonly MetricDefinition ArrivalDispersion = Lower(
        MetricNames.ArrivalDispersion,
        "variance/mean",
        MetricScope.Trial,
        "index of dispersion of offered_requests over 6 equal sub-windows of the window(s): 1 for Poisson arrivals, "
            + "more for bursts"
    );

    public static readonly MetricDefinition PowerLimitRequested = Lower(
        MetricNames.PowerLimitRequested,
        "W",
        MetricScope.PerGpu,
        "power limit the configuration asked for"
    );

    public static readonly MetricDefinition PowerLimitEnforced = Lower(
        MetricNames.PowerLimitEnforced,
        "W",
        MetricScope.PerGpu,
        "power limit NVML enforced after the change (read back; the mean over the serving GPUs)"
    );

    public static readonly MetricDefinition SmClockCapRequested = Lower(
        MetricNames.SmClockCapRequested,
        "MHz",
        MetricScope.PerGpu,
        "SM clock cap the configuration asked for"
    );

    public static readonly MetricDefinition SmClock = Lower(
        MetricNames.SmClock,
        "MHz",
        MetricScope.PerGpu,
        "SM clock read back at the end of the window under load (the highest over the serving GPUs)"
    );

    public static readonly MetricDefinition TemperatureStart = Lower(
        MetricNames.TemperatureStart,
        "°C",
        MetricScope.PerGpu,
        "GPU temperature when the trial started, after any settle wait (the hottest serving GPU)"
    );

    public static readonly MetricDefinition TemperatureEnd = Lower(
        MetricNames.TemperatureEnd,
        "°C",
        MetricScope.PerGpu,
        "GPU temperature at the end of the steady-state window (the hottest serving GPU)"
    );

    public static readonly MetricDefinition SettleWait = Lower(
        MetricNames.SettleWait,
        "s",
        MetricScope.Trial,
        "host time the trial waited for the GPUs to cool to the baseline trial's start temperature"
    );

    public static readonly MetricDefinition BatchOccupancy = new(
        MetricNames.BatchOccupancy,
        "share",
        MetricDirection.HigherIsBetter,
        MetricScope.Trial,
        "mean running batch over the window divided by the largest the engine could hold: the larger of it over "
            + "max_num_seqs and the mean share of the KV cache held"
    );

    public static readonly MetricDefinition SendLateShare = Lower(
        MetricNames.SendLateShare,
        "share",
        MetricScope.Trial,
        "share of a rate-driven load's requests due in the window(s) that the load generator sent late: more than "
            + "the larger of 50 ms and half the stated rate's mean gap after their due time (over 5 % makes the trial "
            + "invalid)"
    );

    public static readonly MetricDefinition SendLatenessP99 = Lower(
        MetricNames.SendLatenessP99,
        "ms",
        MetricScope.Trial,
        "99th percentile of how late a rate-driven load sent the requests due in the window(s): send start minus due "
            + "time (MLPerf LoadGen's issue delay)"
    );

    /// <summary>What the validity gates read back and record on a trial (requested and effective settings).</summary>
    public static readonly ImmutableArray<MetricDefinition> Validity =
    [
        PowerLimitRequested,
        PowerLimitEnforced,
        SmClockCapRequested,
        SmClock,
        TemperatureStart,
        TemperatureEnd,
        SettleWait,
        BatchOccupancy,
        SendLateShare,
        SendLatenessP99,
    ];

    public static readonly ImmutableArray<LatencyFamily> Latencies = [Ttft, Tpot, Itl, E2e, BatchLatency];

    /// <summary>The latencies a streaming LLM server is measured on.</summary>
    public static readonly ImmutableArray<LatencyFamily> LlmLatencies = [Ttft, Tpot, Itl, E2e];

    public static readonly ImmutableArray<MetricDefinition> Others =
    [
        EnergyPerToken,
        EnergyPerTokenLow,
        EnergyPerTokenHigh,
        EnergyPerRequest,
        EnergyPerImage,
        EnergyPerVideo,
        AveragePower,
        AveragePowerPerGpu,
        PeakPowerPerGpu,
        PeakRunningBatch,
        PeakSmClock,
        TokenThroughput,
        RequestThroughput,
        ImageThroughput,
        VideoThroughput,
        Requests,
        RequestsFailed,
        OutputTokensEstimatedShare,
        OfferedRequests,
        OfferedRate,
        LoadRate,
        BacklogGrowth,
        ArrivalDispersion,
    ];

    /// <summary>Every metric name, latency statistics included.</summary>
    public static readonly ImmutableArray<MetricDefinition> All =
    [
        .. Latencies.SelectMany(f => f.Members),
        .. Latencies.SelectMany(f => f.EarlyStoppingMembers),
        .. Latencies.SelectMany(f => f.CountMembers),
        .. Others,
        .. Validity,
    ];

    private static readonly ImmutableDictionary<string, MetricDefinition> ByName = All.ToImmutableDictionary(
        m => m.Name,
        StringComparer.Ordinal
    );

    public static MetricDefinition Latency(LatencyMetric metric, Statistic statistic) =>
        Latencies.Single(f => f.Metric == metric).Of(statistic);

    /// <summary>LoadGen's early-stopping estimate of a latency percentile.</summary>
    public static MetricDefinition EarlyStopping(LatencyMetric metric, Statistic statistic) =>
        Latencies.Single(f => f.Metric == metric).EarlyStoppingOf(statistic);

    /// <summary>The share of a trial's samples above the bound of a percentile constraint, and their number.</summary>
    public static (MetricDefinition OverBound, MetricDefinition Samples) Counts(
        LatencyMetric metric,
        Statistic statistic
    )
    {
        var family = Latencies.Single(f => f.Metric == metric);
        return (family.OverBoundOf(statistic), family.SamplesOf(statistic));
    }

    public static bool Contains(string name) => ByName.ContainsKey(name);

    public static MetricDefinition Get(string name) =>
        ByName.TryGetValue(name, out var metric)
            ? metric
            : throw new ArgumentException($"'{name}' is not a metric of the catalogue", nameof(name));

    public static MetricDefinition? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>The measured throughput in the unit of work of an energy-per-unit metric; null for others.</summary>
    public static MetricDefinition? ThroughputOf(string energyMetric) =>
        energyMetric switch
        {
            MetricNames.EnergyPerToken => TokenThroughput,
            MetricNames.EnergyPerRequest => RequestThroughput,
            MetricNames.EnergyPerImage => ImageThroughput,
            MetricNames.EnergyPerVideo => VideoThroughput,
            _ => null,
        };

    private static MetricDefinition Lower(string name, string unit, MetricScope scope, string description) =>
        new(name, unit, MetricDirection.LowerIsBetter, scope, description);

    private static MetricDefinition Higher(string name, string unit, string description) =>
        new(name, unit, MetricDirection.HigherIsBetter, MetricScope.ServingGpus, description);
}
