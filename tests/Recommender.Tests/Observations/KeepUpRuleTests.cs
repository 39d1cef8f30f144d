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
            .Be("cannot keep up: served 0.47 requests/s of 4.0 offered; queue grew by 212 requests in the window");
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

    [Theory]
    [InlineData(4.0, 62)] // 2.326·√(4 × 180) = 62.4: a bursty trace's count varies twice as much
    [InlineData(0.5, 31)] // never narrower than Poisson arrivals: 2.326·√180 = 31.2
    public void BurstyArrivalsWidenTheAllowanceByTheirDispersion(double dispersion, int allowed)
    {
        var trial = Trial(180, allowed, 3.0);
        trial = trial with { Metrics = trial.Metrics.Add("arrival_dispersion", dispersion) };

        KeepUpRule.Problem(trial).Should().BeNull();
        KeepUpRule
            .Problem(trial with { Metrics = trial.Metrics.SetItem("backlog_growth", allowed + 1) })
            .Should()
            .StartWith("cannot keep up");
    }

    [Fact]
    public void AClosedLoopTrialWithoutAnOfferedLoadIsNotJudged() =>
        KeepUpRule
            .Problem(new Observation(Configuration.Of(("b", "1")), ImmutableDictionary<string, double>.Empty))
            .Should()
            .BeNull();

    [Fact]
    public void TrialsWhoseBatchSlotsAreBusyWithinTheArrivalsNoiseCannotCarryTheLoad()
    {
        // Four 60 s trials at 3 req/s, each keeping up (queue grew by 10 of 180), slots 94 % occupied: over 720
        // arrivals the occupancy may be 2.326/sqrt(720) = 8.7 % higher, 102 %: no evidence that it is under 1.
        var trials = Enumerable.Range(0, 4).Select(_ => Occupied(180, 0.94)).ToList();
        trials.Should().OnlyContain(t => KeepUpRule.Problem(t) == null, "each trial's queue grew within its noise");

        KeepUpRule
            .CapacityProblem(trials)
            .Should()
            .Be(
                "cannot carry the load: batch slots 94 % occupied over 720 arrivals (4 trials), up to 102 % within "
                    + "the arrivals' noise: no spare capacity"
            );
    }

    [Theory]
    [InlineData(180, 0.85)] // 0.85 x (1 + 2.326/sqrt(180)) = 0.997
    [InlineData(720, 0.92)] // 0.92 x 1.0867 = 0.9998
    [InlineData(1800, 0.5)]
    public void SlotsWithSpareCapacityBeyondTheNoiseCarryTheLoad(int offered, double occupancy) =>
        KeepUpRule.CapacityProblem([Occupied(offered, occupancy)]).Should().BeNull();

    [Theory]
    [InlineData(180, 0.86)] // 0.86 x (1 + 2.326/sqrt(180)) = 1.009
    [InlineData(720, 0.93)] // 0.93 x 1.0867 = 1.011
    public void SlotsFullerThanTheNoiseAllowsDoNot(int offered, double occupancy) =>
        KeepUpRule.CapacityProblem([Occupied(offered, occupancy)]).Should().StartWith("cannot carry the load");

    [Fact]
    public void OccupancyIsWeightedByEachTrialsArrivals()
    {
        // (100 x 0.99 + 900 x 0.8) / 1000 = 0.819, x (1 + 2.326/sqrt(1000)) = 0.879; the plain mean 0.895 would
        // read 0.961.
        KeepUpRule.CapacityProblem([Occupied(100, 0.99), Occupied(900, 0.8)]).Should().BeNull();
        KeepUpRule.CapacityProblem([Occupied(900, 0.99), Occupied(100, 0.8)]).Should().NotBeNull();
    }

    [Fact]
    public void AWindowThatHeldABurstIsJudgedAtTheLoadsRate()
    {
        // A 60 s window of a 3 req/s load took 300 arrivals (5 req/s, a burst) and served them all, its slots 95 %
        // occupied: at its own rate no spare capacity; a request held the slots 0.95 x 60 / 300 = 0.19 s, so at the
        // load's 3 req/s they are 57 % occupied, up to 65 % within the noise of 300 completions.
        var burst = AtRate(Occupied(300, 0.95), growth: 0, windowRate: 5, loadRate: 3);

        KeepUpRule.CapacityProblem([Occupied(300, 0.95)]).Should().StartWith("cannot carry the load");
        KeepUpRule.CapacityProblem([burst]).Should().BeNull();
    }

    [Fact]
    public void SlotsFullAtTheRateServedCannotCarryAHigherStatedRate()
    {
        // Two lull windows at 2.4 req/s (144 arrivals each) of a 3 req/s load, 2.2 req/s served with the slots 99 %
        // full: at their own rate 99 % (up to 113 %), at the load's 0.99 x 120 / 264 x 3 = 135 %.
        var lull = AtRate(Occupied(144, 0.99), growth: 12, windowRate: 2.4, loadRate: 3);

        KeepUpRule
            .CapacityProblem([lull, lull])
            .Should()
            .Be(
                "cannot carry the load: batch slots 135 % occupied at the load's 3.0 requests/s (99 % in the "
                    + "windows, which served 2.2), up to 154 % within the noise of 264 completions (2 trials): no "
                    + "spare capacity"
            );
    }

    [Fact]
    public void ScreeningTrialsAndTrialsWithoutAnOfferedLoadAreNotJudgedForCapacity()
    {
        var screening = Occupied(180, 0.99) with { Fidelity = TrialFidelity.Screening };
        var closedLoop = new Observation(
            Configuration.Of(("b", "1")),
            ImmutableDictionary<string, double>.Empty.Add("batch_occupancy", 1.0)
        );

        KeepUpRule.CapacityProblem([screening, closedLoop]).Should().BeNull();
    }

    private static Observation Occupied(int offered, double occupancy) =>
        Trial(offered, 10, 3.0) with
        {
            Metrics = Trial(offered, 10, 3.0).Metrics.Add("batch_occupancy", occupancy),
            Fidelity = TrialFidelity.Full,
        };

    private static Observation AtRate(Observation trial, int growth, double windowRate, double loadRate) =>
        trial with
        {
            Metrics = trial
                .Metrics.SetItem("backlog_growth", growth)
                .SetItem("offered_requests_per_s", windowRate)
                .Add("load_requests_per_s", loadRate),
        };

    private static Observation Trial(int offered, int growth, double rate) =>
        new(
            Configuration.Of(("b", "1")),
            ImmutableDictionary<string, double>
                .Empty.Add("offered_requests", offered)
                .Add("backlog_growth", growth)
                .Add("offered_requests_per_s", rate)
        );
}
