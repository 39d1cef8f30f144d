using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Requests;

/// <summary>
/// The throughput floor as the search sees it, resolved from the trials as the selection resolves it.
/// </summary>
public sealed class ThroughputFloorsTests
{
    private static readonly SearchSpace Space = SearchSpaceYamlReader.ReadFile(
        Path.Combine(RepositoryPaths.Root, "search-spaces", "sim-h100-llm.yaml")
    );

    private static readonly Configuration Other = Space.Baseline!.With("power_limit_w", KnobValue.Of(400));

    [Fact]
    public void AShareOfTheBaselineResolvesAgainstTheMeanOfTheBaselinesTrialsOnceItIsMeasured()
    {
        var requirement = ThroughputFloors.RequirementFor(Request("90%", "saturate"), Space)!;

        requirement.Resolve([Trial(Other, 9000)]).Should().BeNull("the baseline is not measured yet");
        var bound = requirement.Resolve([
            Trial(Space.Baseline!, 7000),
            Trial(Other, 9000),
            Trial(Space.Baseline!, 7200),
        ]);

        bound!.Metric.Should().Be("throughput_tokens_per_s");
        bound.Floor.Should().BeApproximately(0.9 * 7100, 1e-9);
        bound.Keeps(Trial(Other, 6390)).Should().BeTrue();
        bound.Keeps(Trial(Other, 6389)).Should().BeFalse();
    }

    [Theory]
    [InlineData("0", "saturate")]
    [InlineData("100%", "poisson:3")]
    public void NoFloorUnderAnyThroughputOrARateDrivenLoad(string floor, string load) =>
        ThroughputFloors.RequirementFor(Request(floor, load), Space).Should().BeNull();

    [Fact]
    public void AFixedFloorNeedsNoBaseline() =>
        ThroughputFloors.RequirementFor(Request("1200", "saturate"), Space)!.Resolve([])!.Floor.Should().Be(1200);

    private static OptimizeRequest Request(string floor, string load) =>
        new()
        {
            Slo = SloParser.ParseAll(["200ms"]),
            StateDirectory = Path.GetTempPath(),
            Load = load,
            MinimumThroughput = ThroughputFloor.Parse(floor),
        };

    private static Observation Trial(Configuration configuration, double tokensPerSecond) =>
        new(configuration, ImmutableDictionary<string, double>.Empty.Add("throughput_tokens_per_s", tokensPerSecond));
}
