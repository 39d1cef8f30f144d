using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Evaluation;

/// <summary>Runs trials: applies a configuration on a host (real, simulated or replayed) and measures it.</summary>
public interface IEvaluator
{
    /// <summary>A line for people: what the trials run on (e.g. "replay of lm-arena-chat.json").</summary>
    string Description { get; }

    /// <summary>The metric names this evaluator's observations carry, for checking SLOs before any trial.</summary>
    IReadOnlyCollection<string> MetricNames { get; }

    Task<Observation> EvaluateAsync(TrialRequest request, CancellationToken cancellationToken);
}
