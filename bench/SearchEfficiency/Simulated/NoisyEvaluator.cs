using System.Collections.Immutable;
using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Randomness;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.SearchEfficiency.Simulated;

/// <summary>
/// Trials on the simulated host with measurement noise: the simulated observation times seeded log-normal
/// factors, one on the energy metrics and one on the latency metrics, drawn from the seed, the
/// configuration, the repetition and the fidelity (so the same trial always measures the same). Screening
/// trials are three times as noisy. Host time: a full trial 5 min, a screening trial 75 s, a restart 3 min.
/// </summary>
public sealed class NoisyEvaluator(
    SimulatedTruthTable truth,
    int seed,
    double energyNoise = 0.015,
    double latencyNoise = 0.02
) : IEvaluator
{
    private static readonly string[] EnergyMetrics =
    [
        Recommender.Metrics.MetricNames.EnergyPerToken,
        Recommender.Metrics.MetricNames.EnergyPerRequest,
        Recommender.Metrics.MetricNames.AveragePower,
    ];
    private Configuration? _applied;

    public string Description => $"simulated host serving {truth.Model}, load {truth.Load}, noise seed {seed}";

    public IReadOnlyCollection<string> MetricNames => [.. truth.At(truth.Space.Enumerate().First()).Metrics.Keys];

    public Task<Observation> EvaluateAsync(TrialRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        var screening = request.Fidelity == TrialFidelity.Screening;
        var restarted = RestartOrder.NeedsRestart(truth.Space, _applied, request.Configuration);
        _applied = request.Configuration;
        var hostTime =
            (screening ? TimeSpan.FromSeconds(75) : TimeSpan.FromMinutes(5))
            + (restarted ? TimeSpan.FromMinutes(3) : TimeSpan.Zero);
        var exact = truth.At(request.Configuration);
        if (!exact.Feasible)
        {
            return Task.FromResult(exact with { Fidelity = request.Fidelity, HostTime = hostTime });
        }

        var random = new Random(
            StableHash.Of($"{seed}|{request.Configuration.Key}|{request.Repetition}|{request.Fidelity}")
        );
        var scale = screening ? 3 : 1;
        var energy = Math.Exp(scale * energyNoise * Gaussian.Next(random));
        var latency = Math.Exp(scale * latencyNoise * Gaussian.Next(random));
        var metrics = exact.Metrics.ToImmutableDictionary(
            m => m.Key,
            m =>
                EnergyMetrics.Contains(m.Key) ? m.Value * energy
                : m.Key.EndsWith("_ms", StringComparison.Ordinal) ? m.Value * latency
                : m.Value
        );
        return Task.FromResult(exact with { Metrics = metrics, Fidelity = request.Fidelity, HostTime = hostTime });
    }
}
