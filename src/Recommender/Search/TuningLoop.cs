using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Search;

/// <summary>
/// Drives a strategy against an evaluator: the baseline first (savings need it), then whatever the
/// strategy proposes, until it stops or the budget is spent. Cancellation ends the loop between trials.
/// Each trial goes to the sink (when given) as soon as it finishes.
/// </summary>
public sealed class TuningLoop(IEvaluator evaluator, ISearchStrategy strategy, IProgress<TrialProgress>? progress = null, ITrialSink? sink = null)
{
    public async Task<TuningRun> RunAsync(TuningRequest request, CancellationToken cancellationToken)
    {
        var space = request.Space;
        var candidates = space.Enumerate().ToList();
        var observations = new List<Observation>(request.Previous);
        var budget = request.MaxTrials ?? int.MaxValue;
        var measured = 0;
        var restarts = 0;
        Configuration? current = null;

        async Task MeasureAsync(Configuration configuration, TrialFidelity fidelity)
        {
            var restarted = RestartOrder.NeedsRestart(space, current, configuration);
            restarts += restarted ? 1 : 0;
            var observation = await evaluator.EvaluateAsync(new TrialRequest(configuration, fidelity), cancellationToken);
            observations.Add(observation);
            current = configuration;
            measured++;
            var trial = new TrialProgress(measured, candidates.Count, observation, restarted);
            if (sink is not null)
            {
                // A finished trial is kept even when cancellation arrives while it is being written.
                await sink.RecordAsync(trial, CancellationToken.None);
            }

            progress?.Report(trial);
        }

        if (space.Baseline is { } baseline && !observations.Any(o => o.Configuration.Equals(baseline)) && budget > 0)
        {
            await MeasureAsync(baseline, TrialFidelity.Full);
        }

        string stopReason;
        while (true)
        {
            cancellationToken.ThrowIfCancellationRequested();
            if (measured >= budget)
            {
                stopReason = $"the budget of {budget} trials is spent";
                break;
            }

            var decision = strategy.Next(new SearchState(space, candidates, observations, request.Slo, budget - measured));
            if (decision.Configuration is null)
            {
                stopReason = decision.StopReason ?? "the strategy stopped";
                break;
            }

            await MeasureAsync(decision.Configuration, decision.Fidelity);
        }

        return new TuningRun(observations, measured, candidates.Count, strategy.Name, stopReason, restarts);
    }
}
