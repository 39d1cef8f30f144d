using System.Collections.Immutable;
using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Search.Bayesian;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Recommender.Tests.Support;

namespace MLEnergy.Recommender.Tests.Search;

public class CapTwinsTests
{
    private static readonly SearchSpace Space = new()
    {
        Name = "clock and limit",
        Target = "test",
        Knobs =
        [
            new Knob(
                "sm_clock_cap_mhz",
                KnobKind.GpuSmClockCap,
                [KnobValue.Of(1000), KnobValue.Of(1500)],
                RestartsServer: false
            ),
            new Knob(
                "power_limit_w",
                KnobKind.GpuPowerLimit,
                [KnobValue.Of(300), KnobValue.Of(500), KnobValue.Of(700)],
                RestartsServer: false
            ),
        ],
    };

    [Fact]
    public void LimitsTenPercentAboveWhatATrialDrewAreTwinsOfItsConfiguration()
    {
        var twins = CapTwins.Of(Space, [Trial(1500, 700, peak: 400)]);

        twins.Representative(At(1500, 500)).Should().Be(At(1500, 700));
        twins.Representative(At(1500, 700)).Should().Be(At(1500, 700));
        twins.Members.Should().BeEquivalentTo([At(1500, 500), At(1500, 700)]);
    }

    [Fact]
    public void ABindingLimitIsNotATwin()
    {
        // 300 W is under the 440 W a 400 W peak needs; a trial at 300 W that drew 300 W says nothing of higher limits.
        var twins = CapTwins.Of(Space, [Trial(1500, 700, peak: 400), Trial(1000, 300, peak: 300)]);

        twins.Representative(At(1500, 300)).Should().Be(At(1500, 300));
        twins.Representative(At(1000, 500)).Should().Be(At(1000, 500));
        twins.Members.Should().NotContain([At(1500, 300), At(1000, 300), At(1000, 500), At(1000, 700)]);
    }

    [Fact]
    public void TheHighestPeakOfTheSettingDecidesWhichLimitsAreTwins()
    {
        // The trial at 700 W drew 470 W: 500 W would have bound it, though the trial at 500 W read only 400 W.
        var twins = CapTwins.Of(Space, [Trial(1500, 500, peak: 400), Trial(1500, 700, peak: 470)]);

        twins.Representative(At(1500, 500)).Should().Be(At(1500, 500));
        twins.Members.Should().BeEquivalentTo([At(1500, 700)]);
    }

    [Fact]
    public void TwinsTrialsPoolUnderTheMeasuredTwinWithTheHighestLimit()
    {
        IReadOnlyList<Observation> trials =
        [
            Trial(1000, 500, peak: 250, energy: 0.10),
            Trial(1000, 700, peak: 260, energy: 0.12),
            Trial(1500, 300, peak: 300, energy: 0.20),
        ];
        var twins = CapTwins.Of(Space, trials);

        var merged = RepeatedTrials.Merge(twins.Pool(trials));

        merged.Select(o => o.Configuration).Should().BeEquivalentTo([At(1000, 700), At(1500, 300)]);
        merged
            .Single(o => o.Configuration.Equals(At(1000, 700)))
            .Metric("energy_per_token_j")
            .Should()
            .BeApproximately(0.11, 1e-12);
        twins.Distinct(trials).Should().Be(2);
    }

    [Fact]
    public void AutoDoesNotProposeAnUntriedTwinOfAMeasuredConfiguration()
    {
        // Every configuration but 1000 MHz at 300 and 500 W measured; at 1000 MHz the GPU drew 200 W under 700 W, so
        // those two are the measured one.
        var measured = new[]
        {
            Trial(1000, 700, peak: 200),
            Trial(1500, 300, peak: 300, latency: 20, energy: 0.25),
            Trial(1500, 500, peak: 420, latency: 18, energy: 0.27),
            Trial(1500, 700, peak: 420, latency: 18, energy: 0.27),
        };

        var decision = Auto().Next(State(measured));

        // It stops, or confirms 1000 MHz at 700 W, the best: either way no untried twin.
        decision.Configuration.Should().NotBe(At(1000, 300)).And.NotBe(At(1000, 500));
    }

    [Fact]
    public void AutoProposesALimitUnderWhatTheMeasuredTwinDrew()
    {
        var measured = new[]
        {
            Trial(1000, 700, peak: 290),
            Trial(1500, 300, peak: 300, latency: 20, energy: 0.25),
            Trial(1500, 500, peak: 420, latency: 18, energy: 0.27),
            Trial(1500, 700, peak: 420, latency: 18, energy: 0.27),
        };

        var decision = Auto().Next(State(measured));

        decision.Configuration.Should().Be(At(1000, 300), "500 W is a twin of 700 W at a 290 W peak");
    }

    [Fact]
    public void ConfigurationsThatDifferOnlyInABatchAndAClockNeitherReachedAreTwins()
    {
        // Under the 300 W limit the GPU ran at 1,500 MHz at most and with 40 sequences at most: caps of 1,530 MHz and
        // above and max_num_seqs of 44 and above never acted, in either trial.
        IReadOnlyList<Observation> trials =
        [
            Served(256, 1980, batch: 40, clock: 1500, energy: 0.10),
            Served(64, 1710, batch: 40, clock: 1500, energy: 0.10),
        ];
        var twins = CapTwins.Of(BatchClockSpace.Space, trials);

        twins.Representative(BatchClockSpace.Cap(64, 1710)).Should().Be(BatchClockSpace.Cap(256, 1980));
        twins
            .Representative(BatchClockSpace.Cap(64, 1980))
            .Should()
            .Be(BatchClockSpace.Cap(256, 1980), "an untried twin");
        twins
            .Representative(BatchClockSpace.Cap(256, 1710))
            .Should()
            .Be(BatchClockSpace.Cap(256, 1980), "an untried twin");
        twins
            .Members.Should()
            .NotContain([BatchClockSpace.Cap(32, 1980), BatchClockSpace.Cap(256, 1410), BatchClockSpace.Cap(32, 1410)]);
        twins.Distinct(trials).Should().Be(1);
    }

    [Fact]
    public void ABatchTheTrialFilledOrAClockItRanAtKeepsItsConfigurationDistinct()
    {
        IReadOnlyList<Observation> trials =
        [
            Served(256, 1980, batch: 40, clock: 1500),
            Served(64, 1710, batch: 64, clock: 1500),
            Served(256, 1410, batch: 40, clock: 1410),
        ];
        var twins = CapTwins.Of(BatchClockSpace.Space, trials);

        twins
            .Representative(BatchClockSpace.Cap(64, 1710))
            .Should()
            .Be(BatchClockSpace.Cap(64, 1710), "it filled its 64 sequences");
        twins
            .Representative(BatchClockSpace.Cap(256, 1410))
            .Should()
            .Be(BatchClockSpace.Cap(256, 1410), "it ran at its cap");
        twins
            .Representative(BatchClockSpace.Cap(32, 1980))
            .Should()
            .Be(BatchClockSpace.Cap(32, 1980), "32 is under 1.1 x the 40 seen at 1,980 MHz");
        twins.Representative(BatchClockSpace.Cap(256, 1710)).Should().Be(BatchClockSpace.Cap(256, 1980));
        twins.Distinct(trials).Should().Be(3);
    }

    [Fact]
    public void TheSurrogatesReadATwinsTrialsAtEveryConfigurationTheyReach()
    {
        // 256 sequences under 1,980 MHz ran 40 sequences at 1,500 MHz at most: 64 and 256 at 1,710 and 1,980 MHz are
        // one configuration, at 0.10 J/token. 32 under 1,410 MHz read 0.40 J/token. Without the twins the energy
        // process has only the two corners and puts 64 at 1,710 MHz between them; with them it reads 0.10 there.
        IReadOnlyList<Observation> trials =
        [
            Served(256, 1980, batch: 40, clock: 1500, energy: 0.10),
            Served(32, 1410, batch: 32, clock: 1410, energy: 0.40),
        ];
        var candidates = BatchClockSpace.Space.Enumerate().ToList();
        var state = new SearchState(BatchClockSpace.Space, candidates, trials, Slos.ItlMedian(40), 20);
        var geometry = new KnobGeometry(BatchClockSpace.Space, candidates);
        var twins = CapTwins.Of(BatchClockSpace.Space, trials);
        var evidence = new SearchEvidence(twins.Pool(state), geometry, twins, deterministic: false);

        var surrogates = Surrogates.Fit(geometry, evidence, state.Slo, null)!;
        var untried = surrogates.Evaluate(
            geometry.Features[geometry.IndexOf(BatchClockSpace.Cap(64, 1710))],
            null,
            false
        );

        evidence
            .Twins[geometry.IndexOf(BatchClockSpace.Cap(256, 1980))]
            .Should()
            .BeEquivalentTo(
                new[]
                {
                    BatchClockSpace.Cap(64, 1710),
                    BatchClockSpace.Cap(64, 1980),
                    BatchClockSpace.Cap(256, 1710),
                }.Select(geometry.IndexOf)
            );
        Math.Exp(untried.LogEnergy).Should().BeApproximately(0.10, 0.01);
    }

    private static Observation Served(int maxNumSeqs, int cap, double batch, double clock, double energy = 0.2) =>
        new(
            BatchClockSpace.Cap(maxNumSeqs, cap),
            ImmutableDictionary<string, double>
                .Empty.Add("itl_p50_ms", 30)
                .Add("energy_per_token_j", energy)
                .Add(MetricNames.PeakRunningBatch, batch)
                .Add(MetricNames.PeakSmClock, clock)
        );

    private static AutoStrategy Auto() => new(seed: 1, AutoOptions.Default with { InitialTrials = 10 });

    private static SearchState State(IReadOnlyList<Observation> trials) =>
        new(Space, [.. Space.Enumerate()], trials, Slos.ItlMedian(40), 20);

    [Fact]
    public void TheRecommendationSoFarPoolsTwinsAsTheRunsResultDoes()
    {
        // Seen on `optimize --min-throughput 0 --set sm_clock_cap_mhz=765,1035 --set power_limit_w=500,600,700 ...`:
        // the progress line and the history plot ended at 0.0538 J/token, one trial at 500 W, while the summary
        // recommended the twins pooled under 700 W at 0.0548.
        var slo = MLEnergy.Recommender.Slo.SloParser.ParseAll(["p50 itl<=50ms"]);
        IReadOnlyList<Observation> trials =
        [
            Trial(1500, 500, peak: 300, energy: 0.0538),
            Trial(1500, 700, peak: 300, energy: 0.0558),
        ];
        var run = new TuningRun(trials, 2, 6, "grid", "done", 0) { Slo = slo, Twins = CapTwins.Of(Space, trials) };
        var result = RecommendationSelector.Select(run.Merged, slo, ObjectiveKind.EnergyPerToken, null, run.Pooled);

        var leader = RecommendationSelector.Leader(slo, ObjectiveKind.EnergyPerToken, null, space: Space)(trials);

        result.Recommended!.Metric("energy_per_token_j").Should().BeApproximately(0.0548, 1e-9);
        leader!.Configuration.Should().Be(At(1500, 700));
        leader.Metric("energy_per_token_j").Should().BeApproximately(0.0548, 1e-9);
    }

    private static Configuration At(int clock, int limit) =>
        Configuration.Of(
            ("sm_clock_cap_mhz", clock.ToString(CultureInfo.InvariantCulture)),
            ("power_limit_w", limit.ToString(CultureInfo.InvariantCulture))
        );

    private static Observation Trial(int clock, int limit, double peak, double latency = 30, double energy = 0.2) =>
        new(
            At(clock, limit),
            ImmutableDictionary<string, double>
                .Empty.Add("itl_p50_ms", latency)
                .Add("energy_per_token_j", energy)
                .Add(MetricNames.PeakPowerPerGpu, peak)
        );
}
