using MLEnergy.Recommender.Evaluation;

namespace MLEnergy.Runtime.Trials;

/// <summary>
/// An evaluator whose offered load can be changed, so that a plan can be tuned at each load level on the same host.
/// </summary>
public interface ILoadLevelEvaluator : IEvaluator
{
    /// <summary>
    /// The same target's trials under Poisson arrivals at <paramref name="requestsPerSecond"/>; it shares the host
    /// (its server, GPU settings and their restore) with this evaluator, whose owner alone disposes it.
    /// </summary>
    IEvaluator AtRate(double requestsPerSecond);
}
