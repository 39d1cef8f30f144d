using MLEnergy.Runtime.Governor;
using MLEnergy.Runtime.Prometheus;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Governor;

public sealed class GovernorDeciderTests
{
    /// <summary>The rate alone steps up on its point estimate here, so that the arithmetic below stays plain.</summary>
    private static readonly GovernorSettings Settings = new(
        TimeSpan.FromSeconds(10),
        TimeSpan.FromSeconds(20),
        UpEvidence: 0
    );

    [Fact]
    public void RisingLoadStepsUpAtOnceAndFallingLoadStepsDownOnlyAfterTheDwell()
    {
        var decider = new GovernorDecider(LoadPlans.ThreeBands(), Settings);
        // Offered requests/s in each 5 s between readings: low, a rise to band 1 then band 2, then low again.
        double[] rates = [1, 1, 1, 1, 1, 1, 4, 4, 8, 8, 8, 1, 1, 1, 1, 1, 1, 1];

        var switches = Feed(decider, rates);

        switches
            .Should()
            .Equal(
                (25.0, 2, 0), // 20 s of band-0 rates after the reading at t=5 opened the dwell
                (35.0, 0, 1), // 10 s window: (1·5 + 4·5) / 10 = 2.5 req/s is band 1: up at once
                (50.0, 1, 2), // at t=45 (4·5 + 8·5) / 10 = 6 is still band 1; at t=50 8 req/s is band 2
                (80.0, 2, 1) // the dwell opened at t=60 with 4.5 req/s (band 1), the highest band seen in it
            );
    }

    [Fact]
    public void TheSloGuardStepsUpOneBandAtOnceAndCountsOnlyLatenciesSinceTheSwitch()
    {
        var decider = new GovernorDecider(LoadPlans.ThreeBands(), Settings with { DownDwell = TimeSpan.Zero });
        decider.Observe(Load(0, 0, Tpot(0, 0)));
        decider.Observe(Load(5, 5, Tpot(100, 0))).To.Should().Be(0, "1 req/s is band 0");

        // 6 of the 100 latencies since the switch above 50 ms: 2^6 · (0.99 / 0.995)^94 = 40 times likelier with
        // 1 % above the bound (all p99 allows) than with 0.5 % (the guard's share), at least 1 / 5 % = 20.
        var guarded = decider.Observe(Load(10, 10, Tpot(200, 6)));
        var after = decider.Observe(Load(15, 15, Tpot(300, 6)));

        (guarded.From, guarded.To).Should().Be((0, 1));
        guarded.Reason.Should().Be("SLO guard: 6.0 % of 100 latencies above 50 ms (tpot_p99_ms allows 1.0 %)");
        after.To.Should().Be(0, "no latency above the bound since the switch; the rate is band 0's again");
    }

    [Fact]
    public void AGrowingQueueStepsUpOneBand()
    {
        var decider = new GovernorDecider(LoadPlans.ThreeBands(), Settings with { DownDwell = TimeSpan.Zero });
        decider.Observe(Load(0, 0));
        decider.Observe(Load(5, 5)).To.Should().Be(0);

        var decision = decider.Observe(Load(10, 10) with { Waiting = 3 });

        // (10 finished + 3 more in the server) / 10 s.
        decision.Should().Be(new GovernorDecision(0, 1, 1.3, 3, "queue growing (0 → 3 waiting)"));
    }

    [Theory]
    // The last 10 s window: 20 arrivals at 4 req/s, then the last 5 s's; band 2 starts at 6 req/s (60 arrivals).
    [InlineData(46.0, 1)] // 66 arrivals (6.6 req/s) less 1.645·√66 = 52.6: not surely above 60, stays in band 1
    [InlineData(70.0, 2)] // 90 arrivals (9 req/s) less 1.645·√90 = 74.4: surely above 60, steps up
    public void TheRateAloneStepsUpOnlyOnEvidenceThatItIsInTheHigherBand(double lastFiveSeconds, int band)
    {
        var decider = new GovernorDecider(LoadPlans.ThreeBands(), Settings with { UpEvidence = 1.645 });
        // 4 req/s (band 1): down from the top band once the dwell that opened at t=5 has passed.
        Feed(decider, [4, 4, 4, 4, 4, 4, 4, 4]).Should().Equal((25.0, 2, 1));

        var decision = decider.Observe(Load(45, (4 * 8 * 5) + lastFiveSeconds));

        decision.To.Should().Be(band);
        decider.Observe(Load(50, (4 * 8 * 5) + lastFiveSeconds + 20)).To.Should().Be(band, "and holds there");
    }

    [Fact]
    public void ARateAboveThePlansTopLevelIsSaidNotMeasuredNotInTheTopBand()
    {
        // The top band was tuned at 8 req/s. Before, 12 req/s read "rate 12 requests/s ... is in band 2" and held as
        // "rate in band": a claim the plan never measured.
        var decider = new GovernorDecider(LoadPlans.ThreeBands(), Settings with { DownDwell = TimeSpan.Zero });
        decider.Observe(Load(0, 0));
        decider.Observe(Load(5, 20)).To.Should().Be(1, "4 req/s is band 1");

        var up = decider.Observe(Load(10, 120));
        var held = decider.Observe(Load(15, 180));

        (up.From, up.To).Should().Be((1, 2));
        up.Reason.Should()
            .Be(
                "rate 12 requests/s is above the plan's top level, 8: not measured there, band 2 is the most the plan "
                    + "has (at least 12)"
            );
        held.Reason.Should()
            .Be(
                "rate 16 requests/s is above the plan's top level, 8: not measured there, band 2 is the most the plan "
                    + "has"
            );
        BandText
            .Describe(LoadPlans.ThreeBands(), 2)
            .Should()
            .Be("band 2 (6-8 requests/s: no clock cap, default power limit)");
    }

    [Fact]
    public void AServerRestartStartsTheRateOverWithoutANegativeRate()
    {
        var decider = new GovernorDecider(LoadPlans.ThreeBands(), Settings);
        decider.Observe(Load(0, 0));
        decider.Observe(Load(5, 50));

        var restarted = decider.Observe(Load(1, 0));
        var next = decider.Observe(Load(6, 40));

        restarted.Should().Be(new GovernorDecision(2, 2, double.NaN, 0, "measuring the rate"));
        next.RequestsPerSecond.Should().Be(8);
        next.To.Should().Be(2);
    }

    private static List<(double At, int From, int To)> Feed(GovernorDecider decider, double[] rates)
    {
        var switches = new List<(double, int, int)>();
        double finished = 0;
        decider.Observe(Load(0, 0)).Switched.Should().BeFalse();
        for (var i = 0; i < rates.Length; i++)
        {
            finished += rates[i] * 5;
            var at = (i + 1) * 5.0;
            if (decider.Observe(Load(at, finished)) is { Switched: true } d)
            {
                switches.Add((at, d.From, d.To));
            }
        }

        return switches;
    }

    private static ServerLoad Load(double seconds, double finished, PrometheusHistogram? tpot = null) =>
        new(seconds, finished, 0, 0, null, tpot);

    /// <summary>vLLM's first TPOT buckets, <paramref name="above"/> of <paramref name="count"/> over 50 ms.</summary>
    private static PrometheusHistogram Tpot(double count, double above) =>
        new([(0.025, count - above), (0.05, count - above), (0.075, count), (double.PositiveInfinity, count)]);
}
