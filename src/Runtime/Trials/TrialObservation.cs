using System.Collections.Immutable;
using MLEnergy.Profiler.Latency;
using MLEnergy.Profiler.Statistics;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Trials;

/// <summary>
/// Turns the windows of one trial into an observation through the <see cref="ObservationBuilder"/>: latency
/// percentiles over every request of every window, energy per token and per request, average power of the serving
/// GPUs (and per GPU), throughput, early-stopping SLO verdicts, and, for repeated windows, a 95 % confidence
/// interval of the energy per token (total energy over total tokens, as reported).
/// </summary>
public static class TrialObservation
{
    public static Observation Build(
        Configuration configuration,
        IReadOnlyList<WindowResult> windows,
        ServiceLevelObjective slo,
        TrialSettings settings
    )
    {
        var requests = windows.SelectMany(w => w.Requests).ToList();
        var failed = windows.Sum(w => w.Failed);
        var total = requests.Count + failed;
        if (requests.Count == 0)
        {
            return Observation.Infeasible(
                configuration,
                windows.Select(w => w.FirstError).FirstOrDefault(e => e is not null) is { } error
                    ? $"no request succeeded in the window; {failed} failed, first: {error}"
                    : "no request finished inside the steady-state window (lengthen trial.window)"
            );
        }

        if (failed > settings.MaxErrorRate * total)
        {
            return Observation.Infeasible(
                configuration,
                $"{failed} of {CountText.Of(total, "request")} failed (more than {settings.MaxErrorRate:P0}); first: "
                    + $"{windows.Select(w => w.FirstError).First(e => e is not null)}"
            );
        }

        var latencies = LatencySummary.From(requests);
        var builder = new ObservationBuilder();
        foreach (var family in MetricCatalogue.LlmLatencies)
        {
            builder.Latencies(family, latencies.SortedMs(LatencyMetricMap.Kind(family)));
        }

        var energy = windows.Aggregate(Energy.Zero, (sum, w) => sum + w.Energy.Energy);
        var elapsed = windows.Aggregate(TimeSpan.Zero, (sum, w) => sum + w.Elapsed);
        var gpus = windows.Max(w => w.Energy.Gpus);
        builder
            .Window(energy, gpus, elapsed, windows.Sum(w => w.Tokens), [.. requests.Select(r => r.OutputTokens)])
            .Set(MetricCatalogue.RequestsFailed, failed);
        if (windows.All(w => w.Offered is not null))
        {
            builder.Offered(
                windows.Sum(w => w.Offered!.Due),
                windows.Sum(w => w.Offered!.Finished),
                elapsed,
                [.. windows.SelectMany(w => w.Offered!.EachSecond)],
                windows[0].Offered!.LoadRate
            );
        }

        builder.Set(
            MetricCatalogue.OutputTokensEstimatedShare,
            requests.Count(r => r.TokensEstimated) / (double)requests.Count
        );
        if (windows.Count > 1 && windows.Sum(w => w.Tokens) > 0)
        {
            // The reported energy per token is total energy over total tokens (every window's, as the builder's):
            // the interval is that ratio's.
            var interval = ConfidenceInterval.OfRatio(
                [.. windows.Select(w => w.Energy.Energy.Joules)],
                [.. windows.Select(w => (double)w.Tokens)]
            );
            builder
                .Set(MetricCatalogue.EnergyPerTokenLow, interval.Lower)
                .Set(MetricCatalogue.EnergyPerTokenHigh, interval.Upper);
        }

        foreach (var (metric, value) in SloVerdicts.Estimates(latencies, slo, settings))
        {
            builder.Set(metric, value);
        }

        foreach (
            var (metric, value) in SloVerdicts.Counts(
                k => latencies.Count(k),
                (k, b) => latencies.CountAbove(k, b),
                slo
            )
        )
        {
            builder.Set(metric, value);
        }

        return builder.Build(configuration) with
        {
            Verdicts = SloVerdicts.Judge(latencies, slo, settings),
        };
    }
}
