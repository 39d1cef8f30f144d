using MLEnergy.Runtime.Governor;
using MLEnergy.Runtime.Prometheus;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Governor;

public sealed class GovernorDeciderTests
{
    /// <summary>
    /// The rate alone steps on little evidence here (60 false steps an hour at most: a bound of 60 s), so that a few
    /// readings decide and the arithmetic below stays short.
    /// </summary>
    private static readonly GovernorSettings Settings = new(
        TimeSpan.FromSeconds(10),
        TimeSpan.FromSeconds(20),
        RateRisk: 60
    );

    [Fact]
    public void RisingLoadStepsUpOnEvidenceAndFallingLoadStepsDownOnlyAfterTheDwell()
    {
        var decider = new GovernorDecider(LoadPlans.ThreeBands(), Settings);
        // Offered requests/s in each 5 s between readings: low, a rise to band 1 then band 2, then low again.
        double[] rates = [1, 1, 1, 1, 1, 1, 4, 4, 8, 8, 8, 1, 1, 1, 1, 1, 1, 1];

        var switches = Feed(decider, rates);

        switches
            .Should()
            .Equal(
                (20.0, 2, 0), // surely under 6 and 2 req/s by then, taken once the 20 s dwell after the start passed
                (35.0, 0, 1), // 20 arrivals in 5 s are surely over 2 req/s at once, not yet surely over 6
                (50.0, 1, 2), // 40 arrivals in 5 s against 6 req/s: the second such reading reaches the bound
                (70.0, 2, 0) // at 1 req/s from t=60, surely under both edges, once the dwell after t=50 passed
            );
    }

    [Fact]
    public void TheSloGuardStepsUpOneBandAtOnceAndCountsOnlyLatenciesSinceTheSwitch()
    {
        var decider = new GovernorDecider(LoadPlans.ThreeBands(), Settings with { DownDwell = TimeSpan.Zero });
        decider.Observe(Load(0, 0, Tpot(0, 0)));
        decider.Observe(Load(5, 0, Tpot(100, 0))).To.Should().Be(0, "no arrival in 5 s: surely band 0");

        // 6 of the 100 latencies since the switch above 50 ms: 2^6 · (0.99 / 0.995)^94 = 40 times likelier with
        // 1 % above the bound (all p99 allows) than with 0.5 % (the guard's share), at least 1 / 5 % = 20.
        var guarded = decider.Observe(Load(10, 10, Tpot(200, 6)));
        var after = decider.Observe(Load(15, 15, Tpot(300, 6)));

        (guarded.From, guarded.To).Should().Be((0, 1));
        guarded.Reason.Should().Be("SLO guard: 6.0 % of 100 latencies above 50 ms (tpot_p99_ms allows 1.0 %)");
        after.To.Should().Be(1, "no latency above the bound since the switch; the fall not yet sure again");
    }

    [Fact]
    public void AGrowingQueueStepsUpOneBand()
    {
        var decider = new GovernorDecider(LoadPlans.ThreeBands(), Settings with { DownDwell = TimeSpan.Zero });
        decider.Observe(Load(0, 0));
        decider.Observe(Load(5, 0)).To.Should().Be(0);

        var decision = decider.Observe(Load(10, 10) with { Waiting = 3 });

        // (10 finished + 3 more in the server) / 10 s.
        decision.Should().Be(new GovernorDecision(0, 1, 1.3, 3, "queue growing (0 → 3 waiting)"));
    }

    [Fact]
    public void ARiseThatSurelyPassesTwoEdgesStepsUpToTheHigherBandAtOnce()
    {
        var decider = new GovernorDecider(LoadPlans.ThreeBands(), Settings);

        // No arrivals: surely under both edges at once, taken when the dwell after the start has passed; then 20 req/s
        // (100 arrivals in 5 s) is surely over 2 and over 6 req/s in one reading.
        var switches = Feed(decider, [0, 0, 0, 0, 20]);

        switches.Should().Equal((20.0, 2, 0), (25.0, 0, 2));
    }

    [Fact]
    public void ARateAboveThePlansTopLevelIsSaidNotMeasuredNotInTheTopBand()
    {
        // The top band was tuned at 8 req/s. Before, 12 req/s read "rate 12 requests/s ... is in band 2" and held as
        // "rate in band": a claim the plan never measured.
        var decider = new GovernorDecider(LoadPlans.ThreeBands(), Settings with { DownDwell = TimeSpan.Zero });
        double finished = 0;
        var at = 0.0;
        GovernorDecision Next(double rate)
        {
            finished += rate * 5;
            at += 5;
            return decider.Observe(Load(at, finished));
        }

        decider.Observe(Load(0, 0));
        Enumerable.Range(0, 12).Select(_ => Next(4)).ToList()[^1].To.Should().Be(1, "4 req/s is band 1");
        var up = Enumerable.Range(0, 6).Select(_ => Next(16)).First(d => d.Switched);
        var held = Next(20);

        (up.From, up.To).Should().Be((1, 2));
        up.Reason.Should()
            .Be(
                "rate 10 requests/s is above the plan's top level, 8: not measured there, band 2 is the most the plan "
                    + "has (surely above 6)"
            );
        held.Reason.Should()
            .Be(
                "rate 18 requests/s is above the plan's top level, 8: not measured there, band 2 is the most the plan "
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
