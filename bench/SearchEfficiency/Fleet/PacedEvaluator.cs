using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.SearchEfficiency.Fleet;

/// <summary>
/// Makes a trial last in wall time what it reports in host time, scaled down (a 5-minute trial at 1/1000 takes
/// 0.3 s), so that workers measuring at once finish in the order real hosts would.
/// </summary>
public sealed class PacedEvaluator(IEvaluator inner, double scale) : IEvaluator
{
    public string Description => inner.Description;

    public IReadOnlyCollection<string> MetricNames => inner.MetricNames;

    public async Task<Observation> EvaluateAsync(TrialRequest request, CancellationToken cancellationToken)
    {
        var observation = await inner.EvaluateAsync(request, cancellationToken);
        await Task.Delay(observation.HostTime * scale, cancellationToken);
        return observation;
    }
}
