using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Search.Bayesian;
using MLEnergy.Recommender.Tests.Support;
using Xunit.Abstractions;

namespace MLEnergy.Recommender.Tests.Search;

/// <summary>
/// Seeded Monte Carlo of what rules out a measured configuration's monotone neighbours (<see cref="MonotoneBounds"/>:
/// the same batch under a lower clock cap serves no more): 64 sequences under 1,710 MHz at 3 req/s, Poisson or bursty
/// (<see cref="QueueTrials"/>, recording the arrivals' dispersion, the batch occupancy and the load's stated rate, as
/// served and simulated trials do), repeated as the search repeats an undecided candidate (up to ten full 60 s
/// trials, judged after each, not repeated once its merged trials are ruled out); then whether its neighbour under
/// 1,410 MHz is ruled out unmeasured. Measured (2026-12-03), before: any one trial behind on its own backlog ruled the
/// neighbours out, and with 20 % spare capacity under the bursty trace a first trial was behind 2.25 % of the time
/// and some trial over the repeats 18.45 %, while the configuration itself was ruled out 7.00 % (40 % spare: 0.40,
/// 6.90 and 1.15 %; Poisson: 0.10 % and none at 20 %, none at 40 %); a configuration serving 90 % of the load was
/// ruled out every time, by its occupancy at the load's rate, and its neighbours only 20.55 % (Poisson) and 6.40 %
/// (bursty) of the time. After: the neighbours exactly when the configuration itself.
/// </summary>
public sealed class NeighbourExclusionLooksTests(ITestOutputHelper output)
{
    private const int Configurations = 2000;

    private const int Looks = 10;

    private static readonly Configuration Measured = BatchClockSpace.Cap(64, 1710);

    private static readonly Configuration Neighbour = BatchClockSpace.Cap(64, 1410);

    [Theory]
    [InlineData(3.75, true, 41)]
    [InlineData(5, true, 42)]
    [InlineData(3.75, false, 43)]
    [InlineData(5, false, 44)]
    [InlineData(2.7, true, 45)]
    [InlineData(2.7, false, 46)]
    public void TheNeighboursAreRuledOutExactlyWhenTheMeasuredConfigurationIs(double capacity, bool bursty, int seed)
    {
        var counts = Run(new Random(seed), capacity, bursty ? QueueTrials.Bursty : QueueTrials.Steady);

        counts.NeighbourRuledOut.Should().Be(counts.RuledOut);
    }

    [Fact]
    public void OneBurstyTrialBehindAmongRepeatsNoLongerRulesOutTheNeighboursOfAConfigurationWithSpareCapacity()
    {
        var twenty = Run(new Random(41), capacity: 3.75, QueueTrials.Bursty);
        var forty = Run(new Random(42), capacity: 5, QueueTrials.Bursty);

        twenty.AnyTrialBehind.Should().BeGreaterThan(0.15, "one trial of its repeats is behind this often");
        twenty.NeighbourRuledOut.Should().BeLessThan(0.08);
        forty.AnyTrialBehind.Should().BeGreaterThan(0.05);
        forty.NeighbourRuledOut.Should().BeLessThan(2 * KeepUpRule.OneSidedRisk);
    }

    [Fact]
    public void TheNeighboursOfAConfigurationServingNinetyPercentOfTheLoadAreRuledOut()
    {
        Run(new Random(45), capacity: 2.7, QueueTrials.Bursty).NeighbourRuledOut.Should().BeGreaterThan(0.99);
        Run(new Random(46), capacity: 2.7, QueueTrials.Steady).NeighbourRuledOut.Should().BeGreaterThan(0.99);
    }

    /// <summary>Shares of the configurations: their first trial behind on its own, any trial behind on its own, the
    /// configuration ruled out over its looks, its neighbour ruled out after them.</summary>
    private sealed record Counts(double FirstBehind, double AnyTrialBehind, double RuledOut, double NeighbourRuledOut);

    private Counts Run(Random random, double capacity, QueueTrials.Modulated load)
    {
        int first = 0,
            any = 0,
            ruledOut = 0,
            neighbour = 0;
        for (var configuration = 0; configuration < Configurations; configuration++)
        {
            var trials = new List<Observation>();
            for (var look = 0; look < Looks; look++)
            {
                trials.Add(Trial(random, capacity, load));
                if (!RepeatedTrials.Merge(trials)[0].Feasible)
                {
                    ruledOut++;
                    break;
                }
            }

            first += KeepUpRule.Problem(trials[0]) is not null ? 1 : 0;
            any += trials.Any(o => KeepUpRule.Problem(o) is not null) ? 1 : 0;
            neighbour += NeighbourRuledOut(trials) ? 1 : 0;
        }

        var counts = new Counts(
            first / (double)Configurations,
            any / (double)Configurations,
            ruledOut / (double)Configurations,
            neighbour / (double)Configurations
        );
        output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"capacity {capacity} req/s: {counts}"));
        return counts;
    }

    private static Observation Trial(Random random, double capacity, QueueTrials.Modulated load)
    {
        var trial = QueueTrials.Trial(random, capacity, load, new QueueTrials.Recorded(true, true, true), Measured);
        return trial with { Metrics = trial.Metrics.SetItem("itl_p50_ms", 30).SetItem("energy_per_token_j", 0.2) };
    }

    private static bool NeighbourRuledOut(IReadOnlyList<Observation> trials)
    {
        var candidates = BatchClockSpace.Space.Enumerate().ToList();
        var state = new SearchState(BatchClockSpace.Space, candidates, trials, Slos.ItlMedian(40), 20);
        var geometry = new KnobGeometry(BatchClockSpace.Space, candidates);
        var evidence = new SearchEvidence(state, geometry, deterministic: false);
        return new MonotoneBounds(geometry, evidence, AutoOptions.Default).SurelyMisses(geometry.IndexOf(Neighbour));
    }
}
