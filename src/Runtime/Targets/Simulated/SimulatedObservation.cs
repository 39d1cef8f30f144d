using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;
using MLEnergy.Simulation;

namespace MLEnergy.Runtime.Targets.Simulated;

/// <summary>
/// Turns a simulated trial into an observation with the same metric names a real trial has; the energy is
/// measured through the profiler's meter over the steady-state window, as on a real host.
/// </summary>
internal static class SimulatedObservation
{
    private static readonly Statistic[] Statistics = [Statistic.Mean, Statistic.P50, Statistic.P90, Statistic.P95, Statistic.P99, Statistic.P999];

    public static ImmutableArray<string> Names { get; } =
    [
        .. new[] { LatencyMetric.Itl, LatencyMetric.Tpot, LatencyMetric.Ttft, LatencyMetric.E2e }
            .SelectMany(m => Statistics.Select(s => MetricNames.Latency(m, s))),
        MetricNames.EnergyPerToken,
        MetricNames.EnergyPerRequest,
        MetricNames.AveragePower,
        MetricNames.TokenThroughput,
        MetricNames.RequestThroughput,
        MetricNames.Requests,
    ];

    public static Observation From(Configuration configuration, SimulatedTrialResult trial, TrialFidelity fidelity)
    {
        var hostTime = trial.Warmup + trial.Window;
        if (!trial.Feasible)
        {
            return Observation.Infeasible(configuration, trial.InfeasibleReason ?? "infeasible") with { Fidelity = fidelity, HostTime = hostTime };
        }

        var metrics = ImmutableDictionary.CreateBuilder<string, double>(StringComparer.Ordinal);
        foreach (var statistic in Statistics)
        {
            metrics[MetricNames.Latency(LatencyMetric.Itl, statistic)] = statistic.Quantile() is { } q
                ? trial.InterTokenLatency.Percentile(q).TotalMilliseconds
                : trial.InterTokenLatency.Mean.TotalMilliseconds;
        }

        AddRequestLatencies(metrics, LatencyMetric.Tpot, trial.Requests.Select(r => r.TimePerOutputToken.TotalMilliseconds));
        AddRequestLatencies(metrics, LatencyMetric.Ttft, trial.Requests.Select(r => r.TimeToFirstToken.TotalMilliseconds));
        AddRequestLatencies(metrics, LatencyMetric.E2e, trial.Requests.Select(r => r.EndToEnd.TotalMilliseconds));
        var seconds = trial.Window.TotalSeconds;
        var joules = SimulatedWindowEnergy.OfServingGpus(trial).Joules;
        if (trial.GeneratedTokens > 0)
        {
            metrics[MetricNames.EnergyPerToken] = joules / trial.GeneratedTokens;
        }

        if (trial.Requests.Count > 0)
        {
            metrics[MetricNames.EnergyPerRequest] = joules / trial.Requests.Count;
        }

        metrics[MetricNames.AveragePower] = seconds > 0 ? joules / seconds : 0;
        metrics[MetricNames.TokenThroughput] = trial.OutputTokensPerSecond;
        metrics[MetricNames.RequestThroughput] = seconds > 0 ? trial.Requests.Count / seconds : 0;
        metrics[MetricNames.Requests] = trial.Requests.Count;
        return new Observation(configuration, metrics.ToImmutable()) { Fidelity = fidelity, HostTime = hostTime };
    }

    private static void AddRequestLatencies(ImmutableDictionary<string, double>.Builder metrics, LatencyMetric metric, IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return;
        }

        foreach (var statistic in Statistics)
        {
            metrics[MetricNames.Latency(metric, statistic)] = statistic.Quantile() is { } q ? Percentile(sorted, q) : sorted.Average();
        }
    }

    private static double Percentile(double[] sorted, double quantile)
    {
        var rank = (int)Math.Ceiling(quantile * sorted.Length) - 1;
        return sorted[Math.Clamp(rank, 0, sorted.Length - 1)];
    }
}
