using System.Collections.Immutable;
using MLEnergy.Profiler.Latency;
using MLEnergy.Profiler.Statistics;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Runtime.Trials;

/// <summary>
/// Turns the windows of one trial into an observation: latency percentiles over every request of every window,
/// energy per token and per request, average power per GPU, throughput, early-stopping SLO verdicts, and, for
/// repeated windows, a 95 % confidence interval of the energy per token.
/// </summary>
public static class TrialObservation
{
    private static readonly Statistic[] Reported = [Statistic.Mean, Statistic.P50, Statistic.P90, Statistic.P95, Statistic.P99];

    public const string Failed = "requests_failed";

    /// <summary>Share of requests whose output tokens were counted from chunks (the server sent no usage).</summary>
    public const string TokensEstimated = "output_tokens_estimated_share";
    public const string EnergyPerTokenLow = "energy_per_token_j_ci95_low";
    public const string EnergyPerTokenHigh = "energy_per_token_j_ci95_high";

    public static Observation Build(Configuration configuration, IReadOnlyList<WindowResult> windows, ServiceLevelObjective slo, TrialSettings settings)
    {
        var requests = windows.SelectMany(w => w.Requests).ToList();
        var failed = windows.Sum(w => w.Failed);
        var total = requests.Count + failed;
        if (requests.Count == 0)
        {
            return Observation.Infeasible(configuration, windows.Select(w => w.FirstError).FirstOrDefault(e => e is not null) is { } error
                ? $"no request succeeded in the window; {failed} failed, first: {error}"
                : "no request finished inside the steady-state window (lengthen trial.window)");
        }

        if (failed > settings.MaxErrorRate * total)
        {
            return Observation.Infeasible(configuration,
                $"{failed} of {total} requests failed (more than {settings.MaxErrorRate:P0}); first: {windows.Select(w => w.FirstError).First(e => e is not null)}");
        }

        var latencies = LatencySummary.From(requests);
        var metrics = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        foreach (var metric in new[] { LatencyMetric.Ttft, LatencyMetric.Tpot, LatencyMetric.Itl, LatencyMetric.E2e })
        {
            var kind = LatencyMetricMap.Kind(metric);
            foreach (var statistic in Reported)
            {
                var value = LatencyMetricMap.Quantile(statistic) is { } q ? latencies.QuantileMs(kind, q) : latencies.MeanMs(kind);
                if (!double.IsNaN(value))
                {
                    metrics[MetricNames.Latency(metric, statistic)] = value;
                }
            }
        }

        var perToken = windows.Where(w => w.Tokens > 0).Select(w => w.Energy.Energy.Joules / w.Tokens).ToList();
        var tokens = windows.Sum(w => w.Tokens);
        var joules = windows.Sum(w => w.Energy.Energy.Joules);
        var seconds = windows.Sum(w => w.Elapsed.TotalSeconds);
        var outputPerRequest = requests.Average(r => r.OutputTokens);
        metrics[MetricNames.EnergyPerToken] = joules / Math.Max(1, tokens);
        metrics[MetricNames.EnergyPerRequest] = joules / Math.Max(1, tokens) * outputPerRequest;
        metrics[MetricNames.AveragePower] = windows.Average(w => w.Energy.AveragePowerPerGpu.Watts);
        metrics[MetricNames.TokenThroughput] = tokens / seconds;
        metrics[MetricNames.RequestThroughput] = requests.Count / seconds;
        metrics[MetricNames.Requests] = requests.Count;
        metrics[Failed] = failed;
        metrics[TokensEstimated] = requests.Count(r => r.TokensEstimated) / (double)requests.Count;
        if (perToken.Count > 1)
        {
            var interval = ConfidenceInterval.OfMean(perToken);
            metrics[EnergyPerTokenLow] = interval.Lower;
            metrics[EnergyPerTokenHigh] = interval.Upper;
        }

        metrics.AddRange(SloVerdicts.Estimates(latencies, slo, settings));
        var verdicts = SloVerdicts.Judge(latencies, slo, settings);
        return new Observation(configuration, metrics.ToImmutable()) { Verdicts = verdicts };
    }
}
