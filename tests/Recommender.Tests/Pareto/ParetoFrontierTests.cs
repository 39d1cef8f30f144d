using MLEnergy.Recommender.Pareto;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Pareto;

public class ParetoFrontierTests
{
    [Fact]
    public void ParetoFrontierExcludesDominatedConfigurations()
    {
        var fast = ObservationBuilder.Of(8, 10, 0.40);
        var middle = ObservationBuilder.Of(64, 20, 0.20);
        var dominated = ObservationBuilder.Of(32, 25, 0.30);
        var slow = ObservationBuilder.Of(512, 50, 0.07);

        var frontier = ParetoFrontier.Of([slow, dominated, middle, fast], "itl_p50_ms", "energy_per_token_j");

        frontier.Select(o => o.Configuration["max_num_seqs"].Number).Should().Equal(8, 64, 512);
    }

    [Fact]
    public void AConfigurationIsKeptUnlessAnotherIsStrictlyBetterOnBothAxes()
    {
        var a = ObservationBuilder.Of(8, 10, 0.40);
        var sameLatencyMoreEnergy = ObservationBuilder.Of(16, 10, 0.50);

        var frontier = ParetoFrontier.Of([a, sameLatencyMoreEnergy], "itl_p50_ms", "energy_per_token_j");

        frontier.Should().HaveCount(2);
    }

    [Fact]
    public void AnAxisWhereHigherIsBetterIsReadInTheCataloguesDirection()
    {
        var slowButBusy = With(ObservationBuilder.Of(256, 40, 0.1), "throughput_tokens_per_s", 4000);
        var slowAndIdle = With(ObservationBuilder.Of(128, 50, 0.1), "throughput_tokens_per_s", 1000);
        var fastAndIdle = With(ObservationBuilder.Of(8, 10, 0.4), "throughput_tokens_per_s", 500);

        var frontier = ParetoFrontier.Of(
            [slowButBusy, slowAndIdle, fastAndIdle],
            "itl_p50_ms",
            "throughput_tokens_per_s"
        );

        frontier.Select(o => o.Configuration["max_num_seqs"].Number).Should().Equal(8, 256);
    }

    [Fact]
    public void InfeasibleObservationsAreNotOnTheFrontier()
    {
        var infeasible = MLEnergy.Recommender.Observations.Observation.Infeasible(
            ObservationBuilder.Of(1024, 1, 0.01).Configuration,
            "out of memory"
        );

        ParetoFrontier
            .Of([infeasible, ObservationBuilder.Of(8, 10, 0.4)], "itl_p50_ms", "energy_per_token_j")
            .Should()
            .ContainSingle();
    }

    [Fact]
    public void HypervolumeAddsTheRectanglesUnderTheStaircase()
    {
        // Points (1,3) and (2,1) against reference (4,4): 3*1 + 2*2 = 7.
        ParetoFrontier.Hypervolume([(1, 3), (2, 1)], 4, 4).Should().BeApproximately(7, 1e-12);
    }

    private static MLEnergy.Recommender.Observations.Observation With(
        MLEnergy.Recommender.Observations.Observation observation,
        string metric,
        double value
    ) => observation with { Metrics = observation.Metrics.Add(metric, value) };
}
