using System.Collections.Concurrent;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Tests.Support;
using MLEnergy.SearchEfficiency.Running;
using MLEnergy.SearchEfficiency.Scenarios;

namespace MLEnergy.Integration.Tests.SearchEfficiency;

/// <summary>
/// The search-efficiency harness's optimum with feasibility read on the closer truth near a bound
/// (bench/SearchEfficiency, <see cref="CloserOptimum"/>), on a hand-made table of the tiny synthetic space: median
/// ITL bound 10 ms; five configurations below, the other seven far under the bound at 2 J/token or more.
/// </summary>
public sealed class CloserOptimumTests
{
    private const double BoundMs = 10;

    /// <summary>(energy J/token, 10-seed median ITL ms, closer median ITL ms) of the five cheapest.</summary>
    private static readonly (double Energy, double TruthMs, double CloserMs)[] Cheapest =
    [
        (0.90, 10.5, 10.4), // 1.05 of the bound: near it, a miss on both truths
        (0.95, 10.9, 9.0), // 1.09: outside the band, never read on the closer truth
        (1.00, 9.9, 10.3), // 0.99: the 10-seed optimum, a miss on the closer truth
        (1.02, 10.2, 9.95), // 1.02: a 10-seed miss that the closer truth passes, the optimum there
        (1.05, 9.0, 9.0), // 0.90: far from the bound, met on the truth
    ];

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    public void ANearBoundOptimumThatMissesOnTheCloserTruthGivesWayToTheNextThatMeetsIt(int threads)
    {
        var (scenario, configurations, asked) = Table();

        var found = CloserOptimum.Find(scenario, threads);

        Oracle.BestConfiguration(scenario).Should().Be(configurations[2].Key);
        Oracle.BestEnergy(scenario).Should().Be(1.00);
        found.Configuration.Should().Be(configurations[3]);
        found.Energy.Should().Be(1.02);
        found.Remeasured.Should().Be(3, "the 1.05, the 0.99 and the 1.02 configurations lie within 8 % of the bound");
        asked.Keys.Should().BeEquivalentTo([configurations[0].Key, configurations[2].Key, configurations[3].Key]);
    }

    [Fact]
    public void APicksGapReadsItsFeasibilityAndTheOptimumOnTheCloserTruth()
    {
        var (scenario, configurations, _) = Table();
        var optimum = CloserOptimum.Find(scenario).Energy;

        Oracle.Gap(scenario, configurations[4], 1.00).Should().BeApproximately(0.05, 1e-12);
        Oracle.CloserGap(scenario, configurations[4], optimum).Should().BeApproximately((1.05 / 1.02) - 1, 1e-12);
        Oracle.Gap(scenario, configurations[2], 1.00).Should().Be(0);
        Oracle.CloserGap(scenario, configurations[2], optimum).Should().Be(double.PositiveInfinity);
        Oracle.MissesOnCloserTruth(scenario, configurations[2]).Should().BeTrue();
        Oracle.CloserGap(scenario, configurations[3], optimum).Should().Be(0);
        Oracle
            .CloserGap(scenario, configurations[1], optimum)
            .Should()
            .Be(double.PositiveInfinity, "1.09 is read on 10");
    }

    [Fact]
    public void WithoutACloserTruthTheOptimumIsTheTruthsWithNothingMeasuredAgain()
    {
        var (scenario, configurations, asked) = Table();

        var found = CloserOptimum.Find(scenario with { CloserTruth = null }, 2);

        found.Should().Be(new CloserOptimum(configurations[2], 1.00, 0));
        asked.Should().BeEmpty();
    }

    private static (
        Scenario Scenario,
        List<Configuration> Configurations,
        ConcurrentDictionary<string, int> Asked
    ) Table()
    {
        var space = SyntheticSpaces.Tiny();
        var configurations = space.Enumerate().ToList();
        var slo = new ServiceLevelObjective([new SloConstraint(LatencyMetric.Itl, Statistic.P50, BoundMs)]);
        var metric = slo.Primary.MetricName;
        var truth = new Dictionary<string, Truth>();
        var closer = new Dictionary<string, Truth>();
        for (var i = 0; i < configurations.Count; i++)
        {
            var (energy, truthMs, closerMs) = i < Cheapest.Length ? Cheapest[i] : (2.0 + i, 5.0, 5.0);
            truth[configurations[i].Key] = new Truth(energy, new Dictionary<string, double> { [metric] = truthMs });
            closer[configurations[i].Key] = new Truth(energy, new Dictionary<string, double> { [metric] = closerMs });
        }

        var asked = new ConcurrentDictionary<string, int>();
        var scenario = new Scenario(
            "test",
            "closer optimum",
            space,
            slo,
            () => throw new InvalidOperationException("no trials in this test"),
            c => truth[c.Key]
        )
        {
            CloserTruth = c =>
            {
                asked.AddOrUpdate(c.Key, 1, (_, n) => n + 1);
                return closer[c.Key];
            },
        };
        return (scenario, configurations, asked);
    }
}
