using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Search;

/// <summary>
/// Drives a strategy against an evaluator: the baseline first (savings need it), then whatever the
/// strategy proposes, until it stops or the budget (trials or host time) is spent. A configuration proposed
/// again is measured again as the next repetition. Cancellation ends the loop between trials.
/// Each trial goes to the sink (when given) as soon as it finishes.
/// </summary>
public sealed class TuningLoop(
    IEvaluator evaluator,
    ISearchStrategy strategy,
    IProgress<TrialProgress>? progress = null,
    ITrialSink? sink = null
)
{
    public async Task<TuningRun> RunAsync(TuningRequest request, CancellationToken cancellationToken)
    {
        var space = request.Space;
        var candidates = space.Enumerate().ToList();
        var measurable = TrialProgress.MeasurableConfigurations(space, candidates);
        var observations = new List<Observation>(request.Previous);
        var budget = request.MaxTrials ?? int.MaxValue;
        var measured = 0;
        var restarts = 0;
        var hostTime = TimeSpan.Zero;
        Configuration? current = null;

        async Task MeasureAsync(Configuration configuration, TrialFidelity fidelity)
        {
            var restarted = RestartOrder.NeedsRestart(space, current, configuration);
            restarts += restarted ? 1 : 0;
            // Cap twins share their repetitions, so that a twin measured again is measured anew (a simulated
            // trial's seed follows its repetition).
            var twins = CapTwins.Of(space, observations);
            var repetition = observations.Count(o =>
                twins.Representative(o.Configuration).Equals(twins.Representative(configuration))
            );
            var observation = await evaluator.EvaluateAsync(
                new TrialRequest(configuration, fidelity, repetition) { HostTimeLeft = request.MaxHostTime - hostTime },
                cancellationToken
            );
            observations.Add(observation);
            hostTime += observation.HostTime;
            current = configuration;
            measured++;
            var trial = new TrialProgress(measured, measurable, observation, restarted)
            {
                Previous = request.Previous.Count,
                Budget = request.MaxTrials,
                RunTrials = [.. observations],
            };
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
            if (BudgetSpent(request, measured, hostTime) is { } spent)
            {
                stopReason = spent;
                break;
            }

            var state = new SearchState(space, candidates, observations, request.Slo, budget - measured)
            {
                Current = current,
                HostTimeLeft = request.MaxHostTime - hostTime,
                Throughput = request.Throughput?.Resolve(observations),
            };
            var decision = strategy.Next(state);
            if (decision.Configuration is null)
            {
                stopReason = decision.StopReason ?? "the strategy stopped";
                break;
            }

            if (TooLittleLeft(request, observations.Skip(request.Previous.Count), hostTime) is { } tooLittle)
            {
                stopReason = tooLittle;
                break;
            }

            await MeasureAsync(decision.Configuration, decision.Fidelity);
        }

        return new TuningRun(observations, measured, candidates.Count, strategy.Name, stopReason, restarts)
        {
            HostTime = hostTime,
            Hypervolume = FrontierHypervolume.Of(observations, request.Slo, space.Objective.MetricName()),
            Seed = strategy.Seed,
            Slo = request.Slo,
            Twins = CapTwins.Of(space, observations),
        };
    }

    /// <summary>
    /// Under a host-time budget, stops before a trial that could not fit: one that would have less time left than
    /// the shortest trial of this run took, so that the budget is never overrun by more than that trial's own
    /// window allows.
    /// </summary>
    private static string? TooLittleLeft(TuningRequest request, IEnumerable<Observation> measured, TimeSpan hostTime)
    {
        if (request.MaxHostTime is not { } budget)
        {
            return null;
        }

        var shortest = measured.Where(o => o.HostTime > TimeSpan.Zero).Select(o => o.HostTime).DefaultIfEmpty().Min();
        var left = budget - hostTime;
        return shortest > TimeSpan.Zero && left < shortest
            ? $"the budget of {DurationText.Format(budget)} host time has {DurationText.Format(left)} left, less "
                + $"than the shortest trial took ({DurationText.Format(shortest)})"
            : null;
    }

    private static string? BudgetSpent(TuningRequest request, int measured, TimeSpan hostTime) =>
        measured >= (request.MaxTrials ?? int.MaxValue)
            ? $"the budget of {CountText.Of(request.MaxTrials ?? 0, "trial")} is spent"
        : hostTime >= (request.MaxHostTime ?? TimeSpan.MaxValue)
            ? $"the budget of {DurationText.Format(request.MaxHostTime!.Value)} host time is spent"
        : null;
}
