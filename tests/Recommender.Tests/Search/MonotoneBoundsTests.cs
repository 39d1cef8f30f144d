using System.Collections.Immutable;
using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Search.Bayesian;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Search;

public class MonotoneBoundsTests
{
    [Fact]
    public void NoConfigurationWithNoCapAboveOneThatFellBehindItsLoadIsOpen()
    {
        // 180 requests arrived in the window and the queue grew by 60: more than the 31.2 the arrivals' own noise
        // allows (2.326 × √180), so 64 sequences under 1,710 MHz fell behind. 32 or 64 sequences under 1,410 or
        // 1,710 MHz serve no more; 256 sequences or 1,980 MHz may.
        var bounds = Bounds(Load(64, 1710, growth: 60));

        Surely(bounds)
            .Should()
            .BeEquivalentTo([
                BatchClockSpace.Cap(32, 1410),
                BatchClockSpace.Cap(32, 1710),
                BatchClockSpace.Cap(64, 1410),
                BatchClockSpace.Cap(64, 1710),
            ]);
    }

    [Fact]
    public void AQueueThatGrewWithinTheArrivalsNoiseRulesNothingOut()
    {
        // A growth of 30 is under the 31.2 allowed for 180 arrivals: the configuration kept up.
        var bounds = Bounds(Load(64, 1710, growth: 30));

        Surely(bounds).Should().BeEmpty();
    }

    [Fact]
    public void OneRepeatBehindOnItsOwnAmongRepeatsThatKeptUpRulesOutNoNeighbour()
    {
        // Three trials of 64 sequences under 1,710 MHz: one grew by 60 of its 180 arrivals (over the 31.2 one trial
        // is allowed), two by none. Together 60 of 540, within the 71.2 their pooled looks allow (3.06 × √540): the
        // configuration carries the load, and so may those that serve a little less. Before, the one trial ruled
        // out 32 and 64 sequences under 1,410 and 1,710 MHz.
        IReadOnlyList<Observation> trials =
        [
            Load(64, 1710, growth: 60),
            Load(64, 1710, growth: 0),
            Load(64, 1710, growth: 0),
        ];
        var (geometry, evidence) = Evidence(trials);
        var bounds = new MonotoneBounds(geometry, evidence, AutoOptions.Default);

        evidence.Items.Single().Merged.Feasible.Should().BeTrue();
        Surely(bounds).Should().BeEmpty();
    }

    [Fact]
    public void RepeatsThatTogetherFellBehindRuleOutTheirNeighboursThoughNoneDidAlone()
    {
        // Each grew by 30 of 180 (under 31.2 alone); together 90 of 540, over 71.2: the configuration is ruled out,
        // and with it what serves no more.
        IReadOnlyList<Observation> trials =
        [
            Load(64, 1710, growth: 30),
            Load(64, 1710, growth: 30),
            Load(64, 1710, growth: 30),
        ];
        var (geometry, evidence) = Evidence(trials);
        var bounds = new MonotoneBounds(geometry, evidence, AutoOptions.Default);

        evidence.Items.Single().Merged.Feasible.Should().BeFalse();
        Surely(bounds).Should().HaveCount(4).And.Contain(BatchClockSpace.Cap(32, 1410));
    }

    [Fact]
    public void AConfigurationWithoutSpareSlotsAtTheLoadsRateRulesOutItsNeighbours()
    {
        // Its queue kept up in the window (growth 0), but its slots were 90 % occupied in a window that served 3 of
        // the load's 3.3 requests/s: 99 % at the load's rate, no spare capacity. Serving no more, its neighbours
        // have none either.
        var trial = Load(64, 1710, growth: 0);
        var full = KeepUpRule.Judge(
            trial with
            {
                Metrics = trial.Metrics.SetItem(MetricNames.BatchOccupancy, 0.9).SetItem(MetricNames.LoadRate, 3.3),
            }
        );

        Surely(Bounds(full)).Should().HaveCount(4);
    }

    [Fact]
    public void WhatServesAtLeastAsMuchAsAConfigurationThatCarriedTheLoadIsNotRuledOutByOneThatFellBehind()
    {
        // 64 sequences under 1,980 MHz fell behind (growth 60 of 180 arrivals), 64 under 1,410 MHz kept up (growth 0).
        // Serving no more than the first, 64 under 1,710 MHz would be ruled out; serving at least as much as the
        // second, it carries the load, and the measurement stands: only the 32-sequence column, which serves less than
        // anything that carried the load, stays ruled out. Before, all six with 32 or 64 sequences were.
        IReadOnlyList<Observation> trials = [Load(64, 1410, growth: 0), Load(64, 1980, growth: 60)];
        var (geometry, evidence) = Evidence(trials);
        var bounds = new MonotoneBounds(geometry, evidence, AutoOptions.Default);

        evidence.Items.Select(e => e.Merged.Feasible).Should().Equal(true, false);
        Surely(bounds)
            .Should()
            .BeEquivalentTo([
                BatchClockSpace.Cap(32, 1410),
                BatchClockSpace.Cap(32, 1710),
                BatchClockSpace.Cap(32, 1980),
            ]);
    }

    [Fact]
    public void AClearMissRulesOutWhatIsAtLeastAsSlowAndNoMore()
    {
        // 64 sequences under 1,980 MHz read 60 ms against a 40 ms bound (1.5 of it, over the 2 % margin): 64 and 256
        // sequences under any cap are at least as slow; 32 sequences are not.
        var bounds = Bounds(Load(64, 1980, growth: 0, itl: 60));

        Surely(bounds)
            .Should()
            .BeEquivalentTo([
                BatchClockSpace.Cap(64, 1410),
                BatchClockSpace.Cap(64, 1710),
                BatchClockSpace.Cap(64, 1980),
                BatchClockSpace.Cap(256, 1410),
                BatchClockSpace.Cap(256, 1710),
                BatchClockSpace.Cap(256, 1980),
            ]);
    }

    [Fact]
    public void TheInitialDesignSkipsWhatTheTrialsSoFarRuleOut()
    {
        // 32 sequences under 1,410 MHz met the bound (features 0, 0); 64 under 1,980 MHz missed it clearly (0.5, 1).
        // The point farthest from both is 256 sequences under 1,410 MHz (1, 0: squared distances 1 and 1.25), at
        // least as slow as the miss. Of the others, 32 sequences under 1,710 or 1,980 MHz (0, 0.5 and 0, 1) lie 0.25
        // from their nearest, as far as any (64 under 1,410 MHz and 256 under 1,710 MHz are ruled out too).
        IReadOnlyList<Observation> trials = [Load(32, 1410, growth: 0, itl: 30), Load(64, 1980, growth: 0, itl: 60)];
        var (geometry, evidence) = Evidence(trials);
        var bounds = new MonotoneBounds(geometry, evidence, AutoOptions.Default);

        var next = geometry.Candidates[InitialDesign.Next(geometry, evidence, bounds, new Random(1))];

        bounds.SurelyMisses(geometry.IndexOf(BatchClockSpace.Cap(256, 1410))).Should().BeTrue();
        next.Should().BeOneOf(BatchClockSpace.Cap(32, 1710), BatchClockSpace.Cap(32, 1980));
    }

    private static MonotoneBounds Bounds(Observation trial)
    {
        var (geometry, evidence) = Evidence([trial]);
        return new MonotoneBounds(geometry, evidence, AutoOptions.Default);
    }

    private static (KnobGeometry Geometry, SearchEvidence Evidence) Evidence(IReadOnlyList<Observation> trials)
    {
        var candidates = BatchClockSpace.Space.Enumerate().ToList();
        var state = new SearchState(BatchClockSpace.Space, candidates, trials, Slos.ItlMedian(40), 20);
        var geometry = new KnobGeometry(BatchClockSpace.Space, candidates);
        return (geometry, new SearchEvidence(state, geometry, deterministic: false));
    }

    private static IEnumerable<Configuration> Surely(MonotoneBounds bounds) =>
        BatchClockSpace
            .Space.Enumerate()
            .Where(c =>
                bounds.SurelyMisses(
                    new KnobGeometry(BatchClockSpace.Space, [.. BatchClockSpace.Space.Enumerate()]).IndexOf(c)
                )
            );

    private static Observation Load(int maxNumSeqs, int cap, double growth, double itl = 30)
    {
        var metrics = ImmutableDictionary<string, double>
            .Empty.Add("itl_p50_ms", itl)
            .Add("energy_per_token_j", 0.2)
            .Add(MetricNames.OfferedRequests, 180)
            .Add(MetricNames.OfferedRate, 3)
            .Add(MetricNames.BacklogGrowth, growth);
        var trial = new Observation(BatchClockSpace.Cap(maxNumSeqs, cap), metrics);
        return KeepUpRule.Judge(trial);
    }
}
