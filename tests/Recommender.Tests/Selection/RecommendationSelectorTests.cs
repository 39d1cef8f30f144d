using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Selection;

public class RecommendationSelectorTests
{
    private static readonly ServiceLevelObjective Slo = SloParser.ParseAll(["p50 itl<=30ms"]);

    [Fact]
    public void RecommendsTheLeastEnergyAmongConfigurationsThatMeetTheSlo()
    {
        var baseline = ObservationBuilder.Of(8, 8, 0.444);
        var observations = new[]
        {
            baseline,
            ObservationBuilder.Of(128, 20.7, 0.0966),
            ObservationBuilder.Of(192, 26.3, 0.0866),
            ObservationBuilder.Of(256, 31.4, 0.082),
        };

        var outcome = RecommendationSelector.Select(
            observations,
            Slo,
            ObjectiveKind.EnergyPerToken,
            baseline.Configuration
        );

        outcome.Feasible.Should().BeTrue();
        outcome.Recommended!.Configuration["max_num_seqs"].Number.Should().Be(192);
        outcome.Savings!.Percent.Should().BeApproximately(100 * (0.444 - 0.0866) / 0.444, 1e-9);
        outcome.Savings.EnergyPerUnit.Joules.Should().BeApproximately(0.3574, 1e-9);
        outcome.Savings.Unit.Should().Be("J/token");
    }

    [Fact]
    public void WhenNothingMeetsTheSloTheClosestConfigurationIsShown()
    {
        var observations = new[]
        {
            ObservationBuilder.Of(8, 40, 0.4),
            ObservationBuilder.Of(64, 35, 0.2),
            ObservationBuilder.Of(512, 90, 0.07),
        };

        var outcome = RecommendationSelector.Select(observations, Slo, ObjectiveKind.EnergyPerToken, null);

        outcome.Feasible.Should().BeFalse();
        outcome.Recommended.Should().BeNull();
        outcome.Closest!.Configuration["max_num_seqs"].Number.Should().Be(64);
        outcome.Savings.Should().BeNull();
    }
}
