using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Stores;

namespace MLEnergy.Runtime.Optimize;

/// <summary>A tuning search with a strategy, continuing a resumed run's trials and any warm start given.</summary>
public sealed class TuningMeasurement(
    TuningRequest request,
    ISearchStrategy strategy,
    IReadOnlyList<Observation> warmStart
) : IRunMeasurement
{
    /// <summary>The search an optimize request asks for, on <paramref name="space"/>.</summary>
    public static TuningMeasurement For(
        OptimizeRequest request,
        SearchSpace space,
        Func<ISearchStrategy, ISearchStrategy>? wrap = null,
        IReadOnlyList<Observation>? warmStart = null
    )
    {
        var strategy = StrategyFactory.Create(request.Strategy, request.Seed);
        return new TuningMeasurement(
            new TuningRequest(space, request.Slo).WithBudget(request.Budget) with
            {
                Throughput = ThroughputFloors.RequirementFor(request, space),
            },
            wrap?.Invoke(strategy) ?? strategy,
            warmStart ?? []
        );
    }

    public Task<TuningRun> MeasureAsync(
        IEvaluator evaluator,
        RunSession session,
        IProgress<TrialProgress>? progress,
        CancellationToken cancellationToken
    ) =>
        new TuningLoop(evaluator, strategy, progress, session).RunAsync(
            request with
            {
                Previous = [.. session.Previous, .. warmStart],
                // A resumed run's finished trials count against its budget (warm-start trials do not).
                MaxTrials = request.MaxTrials is { } trials ? Math.Max(0, trials - session.Previous.Count) : null,
                MaxHostTime = request.MaxHostTime is { } time
                    ? Max(TimeSpan.Zero, time - session.Previous.Aggregate(TimeSpan.Zero, (t, o) => t + o.HostTime))
                    : null,
            },
            cancellationToken
        );

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
