using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Selection;

/// <summary>
/// Least energy among the configurations that meet every SLO constraint and keep the throughput floor (none unless
/// one is given; <c>mlenergy optimize</c> gives the baseline's own by default); ties go to lower latency. Then the
/// decision: savings are quoted only against a baseline that ran and meets the SLO, and a change is advised only
/// when the whole confidence interval of the savings clears the meaningful threshold.
/// </summary>
public static class RecommendationSelector
{
    public static RecommendationOutcome Select(
        IReadOnlyList<Observation> observations,
        ServiceLevelObjective slo,
        ObjectiveKind objective,
        Configuration? baseline,
        IReadOnlyList<Observation>? trials = null,
        double minimumSavingPercent = RecommendationOutcome.DefaultMinimumSavingPercent,
        ThroughputFloor? minimumThroughput = null
    )
    {
        var energyMetric = objective.MetricName();
        var usable = observations.Where(o => o.Feasible && o.Metric(energyMetric) is not null).ToList();
        var baselineObservation = baseline is null
            ? null
            : observations.LastOrDefault(o => o.Configuration.Equals(baseline));
        var capacity = Capacity(minimumThroughput ?? ThroughputFloor.Any, baselineObservation, energyMetric);
        var meeting = usable.Where(o => SloJudge.Meets(o, slo)).ToList();
        var recommended = Rank(meeting, slo, energyMetric, capacity);
        var closest = recommended is null
            ? usable.OrderBy(o => SloJudge.WorstRatio(o, slo)).ThenBy(o => o.Metric(energyMetric)).FirstOrDefault()
            : null;
        var problem = BaselineCheck.Problem(baseline, baselineObservation, slo, energyMetric);
        var savings =
            recommended is null
            || baselineObservation is null
            || problem is not null
            || recommended.Configuration.Equals(baseline)
                ? null
                : SavingsEstimator.Estimate(
                    recommended,
                    baselineObservation,
                    trials ?? observations,
                    energyMetric,
                    objective.Unit()
                );
        return new RecommendationOutcome(recommended, closest, baselineObservation, savings)
        {
            Capacity = capacity with
            {
                RecommendedUnitsPerSecond = recommended?.Metric(capacity.ThroughputMetric),
                BelowFloor = meeting.Count(o => !Keeps(o, capacity)),
            },
            BaselineProblem = recommended is null ? null : problem,
            MinimumSavingPercent = minimumSavingPercent,
            Decision = Decide(recommended, baseline, savings, minimumSavingPercent),
        };
    }

    /// <summary>
    /// What <see cref="Select"/> would recommend from some trials alone (merged and judged as a run's are, the
    /// throughput floor resolved against their baseline): which configuration led after each trial.
    /// </summary>
    public static Func<IReadOnlyList<Observation>, Configuration?> Chooser(
        ServiceLevelObjective slo,
        ObjectiveKind objective,
        Configuration? baseline,
        ThroughputFloor? minimumThroughput = null,
        SearchSpace? space = null
    )
    {
        var leader = Leader(slo, objective, baseline, minimumThroughput, space);
        return trials => leader(trials)?.Configuration;
    }

    /// <summary>
    /// The merged observation <see cref="Select"/> would recommend from some trials alone: the one definition of the
    /// best so far that the progress lines and the history plot show, so that after the last trial it is the
    /// recommendation's own figure (repeats averaged, the load carried, the throughput floor kept). With the
    /// <paramref name="space"/>, cap twins' trials pool under their representative as a run's do
    /// (<see cref="Search.TuningRun.Pooled"/>).
    /// </summary>
    public static Func<IReadOnlyList<Observation>, Observation?> Leader(
        ServiceLevelObjective slo,
        ObjectiveKind objective,
        Configuration? baseline,
        ThroughputFloor? minimumThroughput = null,
        SearchSpace? space = null
    ) =>
        trials =>
        {
            var energyMetric = objective.MetricName();
            var pooled = space is null ? trials : Search.CapTwins.Of(space, trials).Pool(trials);
            var merged = Search.RepeatedTrials.Merge(pooled, slo);
            var measured = baseline is null ? null : merged.LastOrDefault(o => o.Configuration.Equals(baseline));
            var capacity = Capacity(minimumThroughput ?? ThroughputFloor.Any, measured, energyMetric);
            var meeting = merged.Where(o => o.Feasible && o.Metric(energyMetric) is not null && SloJudge.Meets(o, slo));
            return Rank(meeting, slo, energyMetric, capacity);
        };

    private static Observation? Rank(
        IEnumerable<Observation> meeting,
        ServiceLevelObjective slo,
        string energyMetric,
        CapacityCheck capacity
    ) =>
        meeting
            .Where(o => Keeps(o, capacity))
            .OrderBy(o => o.Metric(energyMetric))
            .ThenBy(o => o.Metric(slo.Primary.MetricName) ?? double.PositiveInfinity)
            .ThenBy(o => o.Configuration.Key, StringComparer.Ordinal)
            .FirstOrDefault();

    private static bool Keeps(Observation observation, CapacityCheck capacity) =>
        capacity.FloorUnitsPerSecond is not { } floor
        || Search.ThroughputBound.Keeps(observation.Metric(capacity.ThroughputMetric), floor);

    private static CapacityCheck Capacity(ThroughputFloor floor, Observation? baseline, string energyMetric)
    {
        var metric = MetricCatalogue.ThroughputOf(energyMetric) ?? MetricCatalogue.TokenThroughput;
        var measured = baseline is { Feasible: true } ? baseline.Metric(metric.Name) : null;
        var notApplied =
            floor.RateDriven || floor.IsAny || floor.UnitsPerSecond is not null || measured is > 0 ? null
            : baseline is null ? "the baseline was not measured, so its throughput is unknown"
            : !baseline.Feasible ? "the baseline could not run, so its throughput is unknown"
            : $"the baseline has no {metric.Name}";
        return new CapacityCheck(
            floor,
            metric.Name,
            metric.Unit,
            notApplied is null ? floor.Resolve(measured) : null,
            measured,
            null
        )
        {
            NotApplied = notApplied,
        };
    }

    private static Decision Decide(
        Observation? recommended,
        Configuration? baseline,
        Savings? savings,
        double minimumSavingPercent
    )
    {
        if (recommended is null)
        {
            return Decision.NoConfigurationMeetsSlo;
        }

        if (recommended.Configuration.Equals(baseline))
        {
            return Decision.KeepCurrent;
        }

        if (savings is null)
        {
            return Decision.ChangeWithoutComparison;
        }

        return (savings.LowPercent ?? savings.Percent) < minimumSavingPercent ? Decision.KeepCurrent : Decision.Change;
    }
}
