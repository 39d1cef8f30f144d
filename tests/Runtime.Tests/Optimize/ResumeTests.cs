using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;
using MLEnergy.Runtime.Optimize;
using MLEnergy.Runtime.Replay;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Stores;
using MLEnergy.Runtime.Targets;
using MLEnergy.Runtime.Targets.Simulated;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Optimize;

public sealed class ResumeTests : IDisposable
{
    private readonly TempFolder _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task AnInterruptedRunResumesWithoutRepeatingFinishedTrials()
    {
        var service = Service(simulated: false);
        var request = Request(resume: false);
        await InterruptAsync(service, request, trials: 4);
        var afterInterrupt = await ListAsync();
        afterInterrupt.Should().ContainSingle().Which.Status.Should().Be(RunStatus.Interrupted);
        afterInterrupt[0].Trials.Should().Be(4);

        var resumedRequest = Request(resume: true);
        var outcome = await RunAsync(service, resumedRequest, null, CancellationToken.None);

        outcome.ResumedTrials.Should().Be(4);
        outcome.RunId.Should().Be(afterInterrupt[0].Run.Id);
        outcome.Result.Run.TrialsMeasured.Should().Be(6);
        outcome.Result.Run.Observations.Select(o => o.Configuration).Should().OnlyHaveUniqueItems().And.HaveCount(10);
        outcome.Result.Selection.Recommended!.Configuration["max_num_seqs"].Text.Should().Be("192");
        var finished = (await ListAsync()).Should().ContainSingle().Subject;
        finished.Status.Should().Be(RunStatus.Finished);
        finished.Trials.Should().Be(10);
        File.Exists(Path.Combine(outcome.Folder.Path, "report.html")).Should().BeTrue();
    }

    [Fact]
    public async Task AResumedRunCountsItsFinishedTrialsAgainstTheBudget()
    {
        var service = Service(simulated: false);
        await InterruptAsync(service, Request(resume: false), trials: 4);

        var outcome = await RunAsync(
            service,
            Request(resume: true) with
            {
                Budget = TuningBudget.Trials(6),
            },
            null,
            CancellationToken.None
        );

        outcome.ResumedTrials.Should().Be(4);
        outcome.Result.Run.TrialsMeasured.Should().Be(2);
        (await ListAsync()).Should().ContainSingle().Which.Trials.Should().Be(6);
    }

    [Fact]
    public async Task ResumeAtAnotherConfidenceStartsANewRunAsUnderAnyOtherChangedSetting()
    {
        // Trials certified at 95 % are the same measurements at 80 %, but the run's verdicts and pick are not: like a
        // changed SLO or load, another level is another run, and the interrupted one stays resumable at its own level.
        var service = Service(simulated: false);
        await InterruptAsync(service, Request(resume: false), trials: 4);
        var first = (await ListAsync()).Should().ContainSingle().Subject;

        var looser = Request(resume: true) with
        {
            Slo = SloParser.ParseAll(["p50 itl<=30ms"]) with { Confidence = SloConfidence.Parse("80%") },
        };
        var other = await RunAsync(service, looser, null, CancellationToken.None);
        var resumed = await RunAsync(service, Request(resume: true), null, CancellationToken.None);

        other.ResumedTrials.Should().BeNull();
        other.RunId.Should().NotBe(first.Run.Id);
        other.Result.Slo.Confidence.Level.Should().Be(0.8);
        resumed.ResumedTrials.Should().Be(4);
        resumed.RunId.Should().Be(first.Run.Id);
        resumed.Result.Slo.Confidence.Should().Be(SloConfidence.Default);
    }

    [Fact]
    public async Task ResumeUnderAnotherLoadStartsANewRunInsteadOfMixingItsTrials()
    {
        var service = Service(simulated: true);
        var saturated = SimulatedRequest(load: null);
        await InterruptAsync(service, saturated, trials: 3);
        var first = (await ListAsync()).Should().ContainSingle().Subject;

        var poisson = await RunAsync(service, SimulatedRequest("poisson:4"), null, CancellationToken.None);

        poisson.ResumedTrials.Should().BeNull("trials measured at saturation are no evidence at 4 requests/s");
        poisson.RunId.Should().NotBe(first.Run.Id);
        poisson.Result.Run.TrialsMeasured.Should().Be(5);
        var resumed = await RunAsync(service, SimulatedRequest("saturate"), null, CancellationToken.None);
        resumed.ResumedTrials.Should().Be(3, "saturate is the space's own load, named or not");
        resumed.RunId.Should().Be(first.Run.Id);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1000)] // a store's size does not bound the retries
    public async Task TwoRunsStartingInTheSameSecondOnOneStoreGetTheirOwnIds(int earlierRuns)
    {
        await using var store = await TrialStoreFactory.OpenAsync(null, _state.Path, CancellationToken.None);
        var started = DateTimeOffset.Parse("2026-01-02T03:04:05Z", System.Globalization.CultureInfo.InvariantCulture);
        var proposed = new RunRecord(
            RunSession.NewId(started, "space"),
            "host",
            "fingerprint",
            "space",
            "replay:x",
            "model",
            "H100",
            "p50 itl<=30ms",
            string.Empty,
            RunKind.Tune,
            started
        );
        for (var i = 0; i < earlierRuns; i++)
        {
            await store.BeginRunAsync(proposed with { Id = $"earlier-{i}", Folder = "/old" }, CancellationToken.None);
        }

        // Another run claims the same id between this run's listing of the store and its insert.
        await store.BeginRunAsync(proposed with { Folder = "/elsewhere" }, CancellationToken.None);
        var stale = new ListedWithout(store, proposed.Id);

        var second = await RunSession.StartAsync(
            stale,
            TimeProvider.System,
            proposed,
            null,
            _state.Path,
            resume: false,
            CancellationToken.None
        );

        second.Run.Id.Should().Be(proposed.Id + "-2");
    }

    [Fact]
    public async Task ResumeWithNothingInterruptedStartsANewRun()
    {
        var service = Service(simulated: false);
        var request = Request(resume: true);

        var outcome = await RunAsync(service, request, null, CancellationToken.None);

        outcome.ResumedTrials.Should().BeNull();
        outcome.Result.Run.TrialsMeasured.Should().Be(10);
    }

    private static OptimizeService Service(bool simulated) =>
        new(
            new TargetFactory(
                new ShippedFiles(RepositoryPaths.Data(), Path.Combine(RepositoryPaths.Root, "search-spaces")),
                simulated
                    ? SimulatedHosts.CreateDefault
                    : () => throw new InvalidOperationException("no simulated host in this test")
            ),
            TimeProvider.System
        );

    /// <summary>Runs <paramref name="request"/> and cancels it after <paramref name="trials"/> trials.</summary>
    private static async Task InterruptAsync(OptimizeService service, OptimizeRequest request, int trials)
    {
        using var cancel = new CancellationTokenSource();
        var interrupted = () => RunAsync(service, request, new CancelAfter(trials, cancel), cancel.Token);
        await interrupted.Should().ThrowAsync<OperationCanceledException>();
    }

    private OptimizeRequest Request(bool resume) =>
        new()
        {
            Slo = SloParser.ParseAll(["p50 itl<=30ms"]),
            Target = TargetSpec.Parse("replay:lm-arena-chat"),
            Model = "Qwen/Qwen3-8B",
            Gpu = "H100",
            StateDirectory = _state.Path,
            Resume = resume,
            HostId = "test-host",
            Strategy = "grid",
        };

    private OptimizeRequest SimulatedRequest(string? load) =>
        new()
        {
            Slo = SloParser.ParseAll(["p90 tpot<=200ms"]),
            StateDirectory = _state.Path,
            Resume = true,
            HostId = "test-host",
            Strategy = "random",
            Load = load,
            Budget = TuningBudget.Trials(5),
            Seed = 1,
        };

    private static async Task<OptimizeOutcome> RunAsync(
        OptimizeService service,
        OptimizeRequest request,
        IProgress<TrialProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        var setup = await service.PrepareAsync(request, cancellationToken);
        await using var host = await setup.OpenAsync(cancellationToken);
        return await service.RunAsync(request, setup, host, progress, cancellationToken);
    }

    private async Task<IReadOnlyList<RunSummary>> ListAsync()
    {
        await using var store = await TrialStoreFactory.OpenAsync(null, _state.Path, CancellationToken.None);
        return await store.ListRunsAsync(CancellationToken.None);
    }

    /// <summary>A store whose first listing misses a run another process has just begun.</summary>
    /// <summary>A store whose first listing misses <paramref name="hidden"/>, claimed after that listing.</summary>
    private sealed class ListedWithout(ITrialStore store, string hidden) : ITrialStore
    {
        private bool _listed;

        public string Location => store.Location;

        public Task BeginRunAsync(RunRecord run, CancellationToken cancellationToken) =>
            store.BeginRunAsync(run, cancellationToken);

        public Task RecordTrialAsync(
            string runId,
            int number,
            Observation observation,
            DateTimeOffset finishedAt,
            CancellationToken cancellationToken
        ) => store.RecordTrialAsync(runId, number, observation, finishedAt, cancellationToken);

        public Task InterruptRunAsync(string runId, CancellationToken cancellationToken) =>
            store.InterruptRunAsync(runId, cancellationToken);

        public Task FinishRunAsync(string runId, RunCompletion completion, CancellationToken cancellationToken) =>
            store.FinishRunAsync(runId, completion, cancellationToken);

        public async Task<IReadOnlyList<RunSummary>> ListRunsAsync(CancellationToken cancellationToken)
        {
            var runs = await store.ListRunsAsync(cancellationToken);
            var first = !_listed;
            _listed = true;
            return first ? [.. runs.Where(r => r.Run.Id != hidden)] : runs;
        }

        public Task<IReadOnlyList<Observation>> TrialsAsync(string runId, CancellationToken cancellationToken) =>
            store.TrialsAsync(runId, cancellationToken);

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }

    private sealed class CancelAfter(int trials, CancellationTokenSource cancel) : IProgress<TrialProgress>
    {
        public void Report(TrialProgress value)
        {
            if (value.TrialNumber >= trials)
            {
                cancel.Cancel();
            }
        }
    }
}
