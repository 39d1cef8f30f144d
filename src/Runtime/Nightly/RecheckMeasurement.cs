using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Runtime.Optimize;
using MLEnergy.Runtime.Stores;

namespace MLEnergy.Runtime.Nightly;

/// <summary>
/// Re-measures a few configurations (the last recommendation and the baseline) a fixed number of times.
/// </summary>
public sealed class RecheckMeasurement(IReadOnlyList<Configuration> configurations, int repetitions) : IRunMeasurement
{
    public async Task<TuningRun> MeasureAsync(
        IEvaluator evaluator,
        RunSession session,
        IProgress<TrialProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        var fresh = new List<Observation>();
        for (var repetition = 0; repetition < repetitions; repetition++)
        {
            foreach (var configuration in configurations)
            {
                cancellationToken.ThrowIfCancellationRequested();
                var request = new TrialRequest(configuration, TrialFidelity.Full, repetition);
                var observation = await evaluator.EvaluateAsync(request, cancellationToken);
                fresh.Add(observation);
                var total = configurations.Count * repetitions;
                var trial = new TrialProgress(fresh.Count, total, observation, Restarted: false)
                {
                    RunTrials = [.. fresh],
                };
                await session.RecordAsync(trial, CancellationToken.None);
                progress?.Report(trial);
            }
        }

        return new TuningRun(
            fresh,
            fresh.Count,
            configurations.Count,
            "nightly-check",
            "re-measured the last recommendation and the baseline",
            0
        );
    }
}
