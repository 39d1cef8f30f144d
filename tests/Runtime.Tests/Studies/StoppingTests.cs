using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Search.Parallel;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Studies;
using MLEnergy.Runtime.Tests.Support;
using Npgsql;

namespace MLEnergy.Runtime.Tests.Studies;

/// <summary>
/// A study whose finished trials said stop while others were still being measured: it stops proposing, still measures
/// what a dead worker left, and holds its answer unless the trials that came back change it (real PostgreSQL,
/// MLENERGY_TEST_POSTGRES).
/// </summary>
public sealed class StoppingTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(25);

    private readonly TempFolder _state = new();

    public void Dispose() => _state.Dispose();

    [PostgresFact]
    public async Task AStoppingStudyGivesOutNoNewConfigurationOnlyTheSlotOfAReleasedClaim()
    {
        var (study, space) = await FreshStudyAsync("p50 itl<=37ms", "slots");
        var (a, b, c) = (space[0], space[1], space[2]);
        var clock = new ManualClock(DateTimeOffset.Parse("2026-01-01T00:00:00Z", CultureInfo.InvariantCulture));
        await using var store = new StudyStore(
            NpgsqlDataSource.Create(
                MLEnergy.Runtime.Stores.PostgresConnectionString.From(StudyWorkers.Store, "--store")
            ),
            clock
        );
        var first = await store.TryClaimAsync(study, "w-a", Full(a), 0, Timeout, default);
        await store.TryClaimAsync(study, "w-b", Full(b), 0, Timeout, default);
        (await store.CompleteAsync(first!, EnergyTableEvaluator.Measure(a, 0.1), default)).Should().BeTrue();

        (await store.TryStopAsync(study, "enough", finishedSeen: 0, default))
            .Should()
            .BeFalse("a trial finished since");
        (await store.TryStopAsync(study, "enough", finishedSeen: 1, default)).Should().BeTrue();
        var stopping = await store.ReadAsync(study, Timeout, default);
        (await store.TryClaimAsync(study, "w-c", Full(c), 0, Timeout, default)).Should().BeNull();
        clock.Advance(Timeout + TimeSpan.FromSeconds(1));
        var orphaned = await store.ReadAsync(study, Timeout, default);
        var unfinished = await store.TryFinishAsync(study, "enough", Timeout, default);
        var takeover = await store.TryClaimAsync(study, "takeover", Full(b), 0, Timeout, default);
        (await store.CompleteAsync(takeover!, EnergyTableEvaluator.Measure(b, 0.2), default)).Should().BeTrue();
        var finished = await store.TryFinishAsync(study, "enough", Timeout, default);

        stopping.Study.Status.Should().Be(StudyStatus.Stopping);
        stopping.Study.StopReason.Should().Be("enough");
        stopping.StopPoint.Should().Be(1);
        stopping.Pending.Should().ContainSingle().Which.Configuration.Should().Be(b);
        stopping.Unmeasured.Should().BeEmpty();
        orphaned.Pending.Should().BeEmpty();
        orphaned.Unmeasured.Should().ContainSingle().Which.Should().Be(new UnmeasuredClaim(Full(b), 0));
        unfinished.Should().BeFalse("the released claim of b is still owed");
        finished.Should().BeTrue();
        var end = await store.ReadAsync(study, Timeout, default);
        end.Study.Status.Should().Be(StudyStatus.Finished);
        end.StopPoint.Should().BeNull();
        end.Done.Select(t => (t.Worker, t.Observation.Configuration)).Should().Equal(("w-a", a), ("takeover", b));
    }

    [PostgresFact]
    public async Task AClaimOfAKilledWorkerIsStillMeasuredWhileTheStudyStopsAndTheAnswerHolds()
    {
        var workers = new StudyWorkers(_state, "p50 itl<=38ms");
        var (study, space, best, abandoned) = await StoppingWithAKilledClaimAsync(workers, "held");
        var evaluator = new EnergyTableEvaluator(new Dictionary<Configuration, double> { [abandoned] = 0.3 });
        await using var store = StudyStore.Open(StudyWorkers.Store, TimeProvider.System);

        // Grid would measure every configuration of an open study; a stopping one only owes the killed worker's trial.
        await workers.MeasureAsync(store, study, space, new GridStrategy(), evaluator, "w0", TimeSpan.FromSeconds(1));

        var end = await store.ReadAsync(study, TimeSpan.FromSeconds(1), default);
        evaluator.Measured.Should().Equal(abandoned);
        end.Study.Status.Should().Be(StudyStatus.Finished);
        end.Study.StopReason.Should()
            .Be("the strategy stopped; the trial still being measured then did not change the answer");
        end.Done.Select(t => (t.Worker, t.Observation.Configuration))
            .Should()
            .Equal(("w-best", best), ("w0", abandoned));
    }

    [PostgresFact]
    public async Task ATrialThatComesBackAfterTheStopPointAndChangesTheAnswerOpensTheStudyAgain()
    {
        var workers = new StudyWorkers(_state, "p50 itl<=39ms");
        var (study, space, best, abandoned) = await StoppingWithAKilledClaimAsync(workers, "reopened");
        var evaluator = new EnergyTableEvaluator(new Dictionary<Configuration, double> { [abandoned] = 0.05 });
        await using var store = StudyStore.Open(StudyWorkers.Store, TimeProvider.System);

        // The killed worker's trial comes back cheaper than the answer held: the strategy is asked again, and wants a
        // second trial of it before it stops.
        await workers.MeasureAsync(
            store,
            study,
            space,
            new RepeatOneConfiguration(abandoned, 2),
            evaluator,
            "w0",
            TimeSpan.FromSeconds(1)
        );

        var end = await store.ReadAsync(study, TimeSpan.FromSeconds(1), default);
        evaluator.Measured.Should().Equal(abandoned, abandoned);
        end.Study.Status.Should().Be(StudyStatus.Finished);
        end.Study.StopReason.Should().Be("2 trials of one configuration");
        end.Done.Select(t => (t.Observation.Configuration, t.Repetition))
            .Should()
            .Equal((best, 0), (abandoned, 0), (abandoned, 1));
    }

    [PostgresFact]
    public async Task AStrategyThatWantsNothingBeyondTheTrialsBeingMeasuredStopsTheStudyWhichStillMeasuresThem()
    {
        var workers = new StudyWorkers(_state, "p50 itl<=40ms");
        var (study, space, best, abandoned) = await StoppingWithAKilledClaimAsync(workers, "believed", stop: false);
        var evaluator = new EnergyTableEvaluator(new Dictionary<Configuration, double> { [abandoned] = 0.3 });
        await using var store = StudyStore.Open(StudyWorkers.Store, TimeProvider.System);

        // While the killed worker's claim looks alive, the strategy asks for its configuration, then, with it believed
        // done, stops: the study is stopping, and the worker measures the trial once the claim is released.
        await workers.MeasureAsync(
            store,
            study,
            space,
            new StopOnlyWhenBelieved(abandoned),
            evaluator,
            "w0",
            // Long enough for the killed worker's claim to look alive at the first read even on a loaded machine.
            TimeSpan.FromSeconds(5)
        );

        var end = await store.ReadAsync(study, TimeSpan.FromSeconds(1), default);
        evaluator.Measured.Should().Equal(abandoned);
        end.Study.StopReason.Should()
            .Be("stopped on a believed trial; the trial still being measured then did not change the answer");
        end.Done.Select(t => (t.Worker, t.Observation.Configuration))
            .Should()
            .Equal(("w-best", best), ("w0", abandoned));
    }

    /// <summary>
    /// A study whose first trial (the baseline's, or the first configuration's) came back at 0.1 J per token and met
    /// the SLO, whose second configuration a worker claimed and was killed measuring (its heartbeat stopped), and that
    /// the finished trial told to stop (unless <paramref name="stop"/> is false).
    /// </summary>
    private static async Task<(
        string Study,
        SearchSpace Space,
        Configuration Best,
        Configuration Abandoned
    )> StoppingWithAKilledClaimAsync(StudyWorkers workers, string name, bool stop = true)
    {
        var study = Name(name);
        var request = workers.Request(study, "w0");
        var fingerprint = await workers.FreshProblemAsync(request);
        var space = (await workers.Service.PrepareAsync(request, CancellationToken.None)).Space;
        var best = space.Baseline ?? space.Enumerate().First();
        var abandoned = space.Enumerate().First(c => !c.Equals(best));
        await using var store = StudyStore.Open(StudyWorkers.Store, TimeProvider.System);
        await store.JoinAsync(new StudyDefinition(study, fingerprint, "space", "slo", null, null), default);
        var measured = await store.TryClaimAsync(study, "w-best", Full(best), 0, Timeout, default);
        await store.CompleteAsync(measured!, EnergyTableEvaluator.Measure(best, 0.1), default);
        (await store.TryClaimAsync(study, "killed-worker", Full(abandoned), 0, Timeout, default)).Should().NotBeNull();
        if (stop)
        {
            (await store.TryStopAsync(study, "the strategy stopped", 1, default)).Should().BeTrue();
        }

        return (study, space, best, abandoned);
    }

    private async Task<(string Study, IReadOnlyList<Configuration> Space)> FreshStudyAsync(string slo, string name)
    {
        var workers = new StudyWorkers(_state, slo);
        var study = Name(name);
        var request = workers.Request(study, "w0");
        var fingerprint = await workers.FreshProblemAsync(request);
        var space = (await workers.Service.PrepareAsync(request, CancellationToken.None)).Space;
        await using var store = StudyStore.Open(StudyWorkers.Store, TimeProvider.System);
        await store.JoinAsync(new StudyDefinition(study, fingerprint, "space", "slo", null, null), default);
        return (study, [.. space.Enumerate()]);
    }

    private static PendingTrial Full(Configuration configuration) => new(configuration, TrialFidelity.Full);

    private static string Name(string what) => $"{what}-{Guid.NewGuid():N}"[..20];
}
