using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Tests.Support;

/// <summary>Runs a strategy through the tuning loop on the synthetic host, and finds the true optimum.</summary>
public static class SearchRuns
{
    public static Task<TuningRun> RunAsync(
        SearchSpace space,
        ServiceLevelObjective slo,
        ISearchStrategy strategy,
        IEvaluator evaluator,
        TuningBudget? budget = null
    ) =>
        new TuningLoop(evaluator, strategy).RunAsync(
            new TuningRequest(space, slo).WithBudget(budget ?? TuningBudget.Unlimited),
            CancellationToken.None
        );

    /// <summary>The least true energy among configurations whose true median ITL meets the deadline.</summary>
    public static (Configuration Configuration, double Energy) Oracle(
        SearchSpace space,
        SyntheticEvaluator evaluator,
        double deadlineMs
    ) =>
        space
            .Enumerate()
            .Select(c => (Configuration: c, Truth: evaluator.Truth(c)))
            .Where(p => p.Truth.ItlMedianMs <= deadlineMs)
            .Select(p => (p.Configuration, p.Truth.EnergyPerTokenJoules))
            .MinBy(p => p.EnergyPerTokenJoules);
}
