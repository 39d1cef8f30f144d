using System.Collections.Concurrent;
using System.Collections.Immutable;
using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Runtime.Tests.Studies;

/// <summary>
/// Measures each configuration at the energy per token its table gives (0.5 J for one it does not list) and 20 ms of
/// p50 ITL, without noise; keeps the configurations it was asked for, in order.
/// </summary>
internal sealed class EnergyTableEvaluator(IReadOnlyDictionary<Configuration, double> energy) : IEvaluator
{
    public ConcurrentQueue<Configuration> Measured { get; } = new();

    public string Description => "energy table";

    public IReadOnlyCollection<string> MetricNames { get; } = ["energy_per_token_j", "itl_p50_ms"];

    public Task<Observation> EvaluateAsync(TrialRequest request, CancellationToken cancellationToken)
    {
        Measured.Enqueue(request.Configuration);
        return Task.FromResult(Measure(request.Configuration, energy.GetValueOrDefault(request.Configuration, 0.5)));
    }

    public static Observation Measure(Configuration configuration, double energy) =>
        new(
            configuration,
            ImmutableDictionary<string, double>.Empty.Add("energy_per_token_j", energy).Add("itl_p50_ms", 20)
        )
        {
            HostTime = TimeSpan.FromMinutes(5),
        };
}
