using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.SearchEfficiency.Running;

/// <summary>
/// An evaluator whose trials say nothing of the seed their repetition drew (<see cref="Observation.SeedRepetition"/>
/// cleared), so that verdicts read each configuration's trials alone, as before trials of the same repetition were
/// read together: the harness's comparison under the same truth (environment `SHARED=0`).
/// </summary>
public sealed class IndependentRepetitions(IEvaluator inner) : IEvaluator
{
    public string Description => inner.Description;

    public IReadOnlyCollection<string> MetricNames => inner.MetricNames;

    public async Task<Observation> EvaluateAsync(TrialRequest request, CancellationToken cancellationToken) =>
        await inner.EvaluateAsync(request, cancellationToken) with
        {
            SeedRepetition = null,
        };
}
