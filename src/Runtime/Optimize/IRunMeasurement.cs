using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Search;
using MLEnergy.Runtime.Stores;

namespace MLEnergy.Runtime.Optimize;

/// <summary>What one run measures: a tuning search, or a re-check of chosen configurations.</summary>
public interface IRunMeasurement
{
    /// <summary>Runs the trials, recording each in <paramref name="session"/> as it finishes.</summary>
    Task<TuningRun> MeasureAsync(
        IEvaluator evaluator,
        RunSession session,
        IProgress<TrialProgress>? progress,
        CancellationToken cancellationToken
    );
}
