using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Tests.Observations;

public class KeepUpRuleTests
{
    [Fact]
    public void AConfigurationWhoseQueueGrowsFailsWithTheRatesAndTheGrowth()
    {
        // 240 requests offered at 4.0 req/s, 212 still waiting at the end: it served 28 of 240, 0.47 req/s.
        var problem = KeepUpRule.Problem(Trial(offered: 240, growth: 212, rate: 4.0));

        problem
            .Should()
            .Be("cannot keep up: served 0.47 req/s of 4.0 offered; queue grew by 212 requests in the window");
    }

    [Theory]
    [InlineData(16, 10)] // the slack of 10 requests, above 5 % of 16 and 2.326·√16
    [InlineData(100, 23)] // 2.326·√100 = 23.3: what 100 Poisson arrivals vary by, above the slack and 5 %
    [InlineData(270, 38)] // a 90 s window at 3 req/s: arrivals alone vary by 2.326·√270 = 38.2
    [InlineData(4000, 200)] // 5 % of those offered, above 2.326·√4000 = 147
    [InlineData(240, -3)] // the queue shrank
    public void AConfigurationWithinTheBoundsKeepsUp(int offered, int growth) =>
        KeepUpRule.Problem(Trial(offered, growth, 4.0)).Should().BeNull();

    [Theory]
    [InlineData(16, 11)]
    [InlineData(100, 24)]
    [InlineData(270, 39)]
    [InlineData(4000, 201)]
    public void OneRequestBeyondTheBoundsDoesNot(int offered, int growth) =>
        KeepUpRule.Problem(Trial(offered, growth, 4.0)).Should().StartWith("cannot keep up");

    [Fact]
    public void AClosedLoopTrialWithoutAnOfferedLoadIsNotJudged() =>
        KeepUpRule
            .Problem(new Observation(Configuration.Of(("b", "1")), ImmutableDictionary<string, double>.Empty))
            .Should()
            .BeNull();

    private static Observation Trial(int offered, int growth, double rate) =>
        new(
            Configuration.Of(("b", "1")),
            ImmutableDictionary<string, double>
                .Empty.Add("offered_requests", offered)
                .Add("backlog_growth", growth)
                .Add("offered_requests_per_s", rate)
        );
}
