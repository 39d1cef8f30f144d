using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.SearchEfficiency.Scenarios;

/// <summary>
/// The synthetic H100 host (clock × power limit × batch size, about 2,600 configurations) for three model
/// sizes, three median-ITL deadlines each and three noise seeds: 27 scenarios, measurement noise on.
/// </summary>
public static class SyntheticScenarios
{
    private static readonly (SyntheticModel Model, double[] DeadlinesMs)[] Models =
    [
        (SyntheticModel.Small, [12, 25, 50]),
        (SyntheticModel.Medium, [18, 35, 70]),
        (SyntheticModel.Large, [30, 60, 120]),
    ];

    public static IEnumerable<Scenario> All(int seeds = 3)
    {
        foreach (var (model, deadlines) in Models)
        {
            foreach (var deadline in deadlines)
            {
                for (var seed = 1; seed <= seeds; seed++)
                {
                    yield return Create(SyntheticSpaces.H100(), model, deadline, seed);
                }
            }
        }
    }

    public static Scenario Create(SearchSpace space, SyntheticModel model, double deadlineMs, int seed)
    {
        var physics = new SyntheticServingPhysics(model);
        var slo = new ServiceLevelObjective([new SloConstraint(LatencyMetric.Itl, Statistic.P50, deadlineMs)]);
        var probe = new SyntheticEvaluator(physics, seed);
        return new Scenario(
            "synthetic",
            $"{model.Name} itl<={deadlineMs}ms seed {seed}",
            space,
            slo,
            () => new SyntheticEvaluator(physics, seed),
            c => TruthOf(probe.Truth(c))
        );
    }

    private static Truth TruthOf(SyntheticPoint point) =>
        new(
            point.EnergyPerTokenJoules,
            ImmutableDictionary<string, double>
                .Empty.Add("itl_p50_ms", point.ItlMedianMs)
                .Add("itl_p99_ms", point.ItlP99Ms)
        );
}
