using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Search.Bayesian;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Search;

/// <summary>
/// Under a throughput floor (<c>--min-throughput</c>) the least energy is usually at low clocks that serve too
/// little: the search must look for the least energy among configurations that keep the floor, not stop once the
/// unrecommendable ones look unbeatable.
/// </summary>
public class AutoStrategyThroughputTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public async Task UnderAThroughputFloorItFindsTheLeastEnergyAmongConfigurationsThatKeepIt(int seed)
    {
        var space = SyntheticSpaces.H100();
        var host = new SyntheticEvaluator(new SyntheticServingPhysics(SyntheticModel.Large), seed, 0.015, 0.045);
        var slo = Slos.ItlMedian(120);
        var throughput = MetricCatalogue.TokenThroughput.Name;
        // The floor: what the baseline serves, as the default `--min-throughput 100%` would resolve it.
        var floor = 1.0 * host.Truth(space.Baseline!).TokensPerSecond;
        var oracle = space
            .Enumerate()
            .Select(c => host.Truth(c))
            .Where(t => t.ItlMedianMs <= 120 && t.TokensPerSecond >= floor)
            .Min(t => t.EnergyPerTokenJoules);
        var unconstrained = SearchRuns.Oracle(space, host, 120).Energy;

        var run = await new TuningLoop(host, new AutoStrategy(seed)).RunAsync(
            new TuningRequest(space, slo) { Throughput = new ThroughputRequirement(throughput, _ => floor) },
            CancellationToken.None
        );

        var chosen = RecommendationSelector
            .Select(run.Merged, slo, space.Objective, space.Baseline, minimumThroughput: ThroughputFloor.OfUnits(floor))
            .Recommended!;
        var truth = host.Truth(chosen.Configuration);
        unconstrained.Should().BeLessThan(0.97 * oracle, "the floor excludes the unconstrained optimum");
        truth.TokensPerSecond.Should().BeGreaterThanOrEqualTo(floor);
        truth.EnergyPerTokenJoules.Should().BeLessThanOrEqualTo(1.01 * oracle);
    }
}
