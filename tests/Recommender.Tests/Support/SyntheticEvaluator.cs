using System.Collections.Immutable;
using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Randomness;

namespace MLEnergy.Recommender.Tests.Support;

/// <summary>
/// A synthetic serving host for tests and the search-efficiency harness: the physics plus multiplicative
/// measurement noise (larger for screening trials), drawn from the seed, the configuration and the
/// repetition, so the same trial always measures the same. Host time: a full trial 5 min, a screening
/// trial 75 s, a server restart (batch size changed) 3 min more.
/// </summary>
public sealed class SyntheticEvaluator(
    SyntheticServingPhysics physics,
    int seed,
    double fullNoise = 0.015,
    double screeningNoise = 0.05
) : IEvaluator
{
    public static readonly TimeSpan FullTrial = TimeSpan.FromMinutes(5);
    public static readonly TimeSpan ScreeningTrial = TimeSpan.FromSeconds(75);
    public static readonly TimeSpan Restart = TimeSpan.FromMinutes(3);

    private Configuration? _applied;

    public string Description => $"synthetic host ({physics.Model.Name})";

    public IReadOnlyCollection<string> MetricNames { get; } =
    [
        MetricCatalogue.EnergyPerToken.Name,
        "itl_p50_ms",
        "itl_p99_ms",
        MetricCatalogue.AveragePower.Name,
        MetricCatalogue.TokenThroughput.Name,
    ];

    public int Trials { get; private set; }

    public SyntheticPoint Truth(Configuration configuration) =>
        physics.At(
            configuration.Number(SyntheticSpaces.Clock) ?? SyntheticServingPhysics.MaxClockMhz,
            configuration.Number(SyntheticSpaces.PowerLimit) ?? 700,
            configuration.Number(SyntheticSpaces.Batch) ?? 64
        );

    public Task<Observation> EvaluateAsync(TrialRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        Trials++;
        var truth = Truth(request.Configuration);
        var screening = request.Fidelity == TrialFidelity.Screening;
        var random = new Random(
            StableHash.Of($"{seed}|{request.Configuration.Key}|{request.Repetition}|{request.Fidelity}")
        );
        var sigma = screening ? screeningNoise : fullNoise;
        double Noisy(double value) => value * Math.Exp(sigma * Gaussian.Next(random));
        var restarted =
            _applied is null
            || _applied.Number(SyntheticSpaces.Batch) != request.Configuration.Number(SyntheticSpaces.Batch);
        _applied = request.Configuration;
        var itlNoise = Noisy(1);
        var metrics = ImmutableDictionary<string, double>
            .Empty.Add(MetricCatalogue.EnergyPerToken.Name, Noisy(truth.EnergyPerTokenJoules))
            .Add("itl_p50_ms", truth.ItlMedianMs * itlNoise)
            .Add("itl_p99_ms", truth.ItlP99Ms * itlNoise)
            .Add(MetricCatalogue.AveragePower.Name, truth.PowerWatts)
            .Add(MetricCatalogue.TokenThroughput.Name, truth.TokensPerSecond);
        var hostTime = (screening ? ScreeningTrial : FullTrial) + (restarted ? Restart : TimeSpan.Zero);
        return Task.FromResult(
            new Observation(request.Configuration, metrics) { Fidelity = request.Fidelity, HostTime = hostTime }
        );
    }
}
