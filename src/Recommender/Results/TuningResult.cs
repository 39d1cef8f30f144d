using System.Collections.Immutable;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Results;

/// <summary>Everything one tuning run concluded; written as result.json and read by the reports.</summary>
public sealed record TuningResult(
    SearchSpace Space,
    ServiceLevelObjective Slo,
    string TargetDescription,
    TuningRun Run,
    RecommendationOutcome Selection,
    ImmutableArray<Observation> Frontier,
    DateTimeOffset StartedAt,
    DateTimeOffset FinishedAt
)
{
    public const int SchemaVersion = 1;

    /// <summary>
    /// The plan file (<c>plan.json</c>) next to result.json when this run is the top level of a plan per load level.
    /// </summary>
    public string? LoadPlanFile { get; init; }

    public string EnergyMetric => Space.Objective.MetricName();

    /// <summary>
    /// The knobs the summary and reports describe configurations by (<see cref="SearchSpace.DescribedKnobs"/>): the
    /// varied ones, and a pinned one where a measured configuration, such as the baseline, has another value.
    /// </summary>
    public List<string> DescribedKnobs => Space.DescribedKnobs(Run.Observations.Select(o => o.Configuration));

    public string LatencyMetric => Slo.Primary.MetricName;

    /// <summary>
    /// Hypervolume of the latency–energy frontier (see <see cref="FrontierHypervolume"/>); larger is better.
    /// </summary>
    public double Hypervolume => FrontierHypervolume.Of(Run.Observations, Slo, EnergyMetric);

    public static TuningResult From(
        SearchSpace space,
        ServiceLevelObjective slo,
        string targetDescription,
        TuningRun run,
        DateTimeOffset startedAt,
        DateTimeOffset finishedAt,
        double minimumSavingPercent = RecommendationOutcome.DefaultMinimumSavingPercent,
        ThroughputFloor? minimumThroughput = null
    )
    {
        var selection = RecommendationSelector.Select(
            run.Merged,
            slo,
            space.Objective,
            space.Baseline,
            run.Pooled,
            minimumSavingPercent,
            minimumThroughput
        );
        var frontier = Pareto.ParetoFrontier.Of(run.Merged, slo.Primary.MetricName, space.Objective.MetricName());
        return new TuningResult(space, slo, targetDescription, run, selection, frontier, startedAt, finishedAt);
    }
}
