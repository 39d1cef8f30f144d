using MLEnergy.Recommender.Observations;
using MLEnergy.Runtime.Stores;
using MLEnergy.Runtime.Tests.Support;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Tests.Stores;

/// <summary>What every store must do, run against SQLite always and PostgreSQL where a server is given.</summary>
internal static class TrialStoreContract
{
    public static async Task TrialsComeBackInOrderWithEverythingTheyCarried(ITrialStore store, string runId)
    {
        await store.BeginRunAsync(StoreRecords.Run(runId), CancellationToken.None);
        var traced = StoreRecords.Trial(8, 8.2, 0.44) with
        {
            HostTime = TimeSpan.FromSeconds(42.5),
            Fidelity = TrialFidelity.Screening,
            Verdicts = System.Collections.Immutable.ImmutableDictionary<string, SloVerdict>.Empty.Add(
                "itl_p50_ms",
                SloVerdict.Undecided
            ),
            PowerTrace =
            [
                new PowerSample(TimeSpan.Zero, Power.FromWatts(400)),
                new PowerSample(TimeSpan.FromSeconds(1), Power.FromWatts(410.5)),
            ],
            GatesSkipped = ["power", "throttle reasons"],
        };
        await store.RecordTrialAsync(runId, 1, traced, StoreRecords.Start, CancellationToken.None);
        await store.RecordTrialAsync(
            runId,
            2,
            Observation.Infeasible(
                StoreRecords.Trial(512, 0, 0).Configuration,
                "out of memory",
                new Infeasibility(InfeasibleCause.WeightsDoNotFit, 2)
            ),
            StoreRecords.Start,
            CancellationToken.None
        );
        await store.RecordTrialAsync(
            runId,
            3,
            StoreRecords.Trial(256, 20, 0.3).AsInvalid("steady-state window 4 s is shorter than 10 s"),
            StoreRecords.Start,
            CancellationToken.None
        );

        var trials = await store.TrialsAsync(runId, CancellationToken.None);
        var runs = await store.ListRunsAsync(CancellationToken.None);

        trials.Should().HaveCount(3);
        trials[2].InvalidReason.Should().Be("steady-state window 4 s is shorter than 10 s");
        trials[2].Feasible.Should().BeFalse();
        trials[2].Metric("energy_per_token_j").Should().Be(0.3, "what an invalid trial measured is kept");
        trials[0].Configuration.Should().Be(traced.Configuration);
        trials[0].Metric("energy_per_token_j").Should().Be(0.44);
        trials[0].HostTime.Should().Be(TimeSpan.FromSeconds(42.5));
        trials[0].Fidelity.Should().Be(TrialFidelity.Screening);
        trials[0].Verdicts["itl_p50_ms"].Should().Be(SloVerdict.Undecided);
        trials[0].PowerTrace.Select(p => p.Power.Watts).Should().Equal(400, 410.5);
        // The gates its target could not check: a stored run read back said it checked them all.
        trials[0].GatesSkipped.Should().Equal("power", "throttle reasons");
        trials[1].GatesSkipped.Should().BeEmpty();
        trials[1].Feasible.Should().BeFalse();
        trials[1].InfeasibleReason.Should().Be("out of memory");
        trials[1].Infeasibility.Should().Be(new Infeasibility(InfeasibleCause.WeightsDoNotFit, 2));
        trials[0].Infeasibility.Should().BeNull("a feasible trial has no cause");
        trials[2].Infeasibility.Should().Be(Infeasibility.Unknown, "an invalid trial's cause is not known");
        trials[2].ShortOfSamples.Should().BeFalse();
        var run = runs.Single(r => r.Run.Id == runId);
        run.Status.Should().Be(RunStatus.Running);
        run.Trials.Should().Be(3);
        run.IsResumable.Should().BeTrue();
    }

    /// <summary>
    /// Trials whose windows ended short of the samples a verdict needs keep what they measured, and their repeats pool
    /// into a verdict; read back (a resumed run, another worker of a study), they must give the same verdict.
    /// </summary>
    public static async Task TrialsShortOfSamplesGiveTheSameVerdictWhenReadBack(ITrialStore store, string runId)
    {
        await store.BeginRunAsync(StoreRecords.Run(runId), CancellationToken.None);
        var slo = Recommender.Slo.SloParser.ParseAll(["p50 itl<=30ms"]);
        double[] itl = [20.1, 20.5, 19.8, 20.3, 19.9, 20.2];
        var live = itl.Select(v =>
                StoreRecords.Trial(64, v, 0.1).AsInvalid("itl_p50_ms saw 90 samples of 459 needed") with
                {
                    ShortOfSamples = true,
                    Verdicts = System.Collections.Immutable.ImmutableDictionary<string, SloVerdict>.Empty.Add(
                        "itl_p50_ms",
                        SloVerdict.Undecided
                    ),
                }
            )
            .ToList();
        for (var i = 0; i < live.Count; i++)
        {
            await store.RecordTrialAsync(runId, i + 1, live[i], StoreRecords.Start, CancellationToken.None);
        }

        var back = await store.TrialsAsync(runId, CancellationToken.None);

        var constraint = slo.Constraints.Single();
        SloJudge
            .Judge(Recommender.Search.RepeatedTrials.Merge(live, slo).Single(), constraint)
            .Should()
            .Be(SloVerdict.Met, "six trials 33 % under the bound within 1 % of each other");
        SloJudge
            .Judge(Recommender.Search.RepeatedTrials.Merge(back, slo).Single(), constraint)
            .Should()
            .Be(SloVerdict.Met);
        back.Should().OnlyContain(o => o.ShortOfSamples && o.Invalid);
    }

    public static async Task AFinishedRunCarriesItsRecommendation(ITrialStore store, string runId)
    {
        await store.BeginRunAsync(StoreRecords.Run(runId), CancellationToken.None);
        await store.RecordTrialAsync(
            runId,
            1,
            StoreRecords.Trial(192, 26.3, 0.0866),
            StoreRecords.Start,
            CancellationToken.None
        );
        await store.FinishRunAsync(runId, StoreRecords.Completion("max_num_seqs=192", 0.0866), CancellationToken.None);

        var run = (await store.ListRunsAsync(CancellationToken.None)).Single(r => r.Run.Id == runId);

        run.Status.Should().Be(RunStatus.Finished);
        run.IsResumable.Should().BeFalse();
        run.Completion!.Recommended.Should().Be("max_num_seqs=192");
        run.Completion.Energy.Should().Be(0.0866);
        run.Completion.SavingsPercent.Should().Be(50);
        run.Run.StartedAt.Should().Be(StoreRecords.Start);
        run.Run.HostId.Should().Be("host-a");
    }
}
