using System.Collections.Immutable;
using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Runtime.Trials.Validity;

namespace MLEnergy.Runtime.Replay;

/// <summary>
/// A published table acting as the host: a trial returns the recorded measurement of its configuration
/// (published repeats in turn), optionally with seeded multiplicative noise. A configuration absent from
/// the table is an infeasible trial, as it was for the benchmark (e.g. out of memory), not an error.
/// </summary>
public sealed class ReplayEvaluator : IEvaluator
{
    private readonly ImmutableDictionary<Configuration, ImmutableArray<ReplayRow>> _rows;
    private readonly ReplayNoise _noise;
    private readonly Dictionary<Configuration, int> _trials = [];

    public ReplayEvaluator(ReplayTable table, IReadOnlyList<ReplayRow> rows, ReplayNoise? noise = null)
    {
        Description = $"replay of published measurements: {table.Task} ({table.Source})";
        _rows = rows.GroupBy(r => r.Configuration).ToImmutableDictionary(g => g.Key, g => g.ToImmutableArray());
        MetricNames = rows.SelectMany(r => r.Metrics.Keys).ToImmutableSortedSet(StringComparer.Ordinal);
        _noise = noise ?? ReplayNoise.None;
    }

    public string Description { get; }

    public IReadOnlyCollection<string> MetricNames { get; }

    public Task<Observation> EvaluateAsync(TrialRequest request, CancellationToken cancellationToken)
    {
        cancellationToken.ThrowIfCancellationRequested();
        if (!_rows.TryGetValue(request.Configuration, out var repeats))
        {
            return Task.FromResult(
                Observation.Infeasible(
                    request.Configuration,
                    "not in the published measurements (the benchmark could not run it, e.g. out of memory)"
                )
            );
        }

        var trial = _trials.GetValueOrDefault(request.Configuration);
        _trials[request.Configuration] = trial + 1;
        var row = repeats[trial % repeats.Length];
        var metrics = row.Metrics.ToImmutableDictionary(
            m => m.Key,
            m => m.Value * _noise.Factor(request.Configuration, trial, NoiseKey(m.Key))
        );
        return Task.FromResult(
            new Observation(request.Configuration, metrics)
            {
                Fidelity = request.Fidelity,
                GatesSkipped = ValidityGates.All,
            }
        );
    }

    /// <summary>Per-GPU power moves with the total it is derived from: total = per GPU × GPUs stays true.</summary>
    private static string NoiseKey(string metric) =>
        metric == MetricCatalogue.AveragePowerPerGpu.Name ? MetricCatalogue.AveragePower.Name : metric;
}
