using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Optimize;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Stores;
using MLEnergy.Runtime.Studies;
using MLEnergy.Runtime.Targets;
using MLEnergy.Runtime.Tests.Support;
using Npgsql;

namespace MLEnergy.Runtime.Tests.Studies;

/// <summary>
/// Workers of one study in this process, each with its own state directory, on the replayed ML.ENERGY table of
/// Qwen3-8B on H100 (10 configurations). Each test tunes its own SLO, so that its studies are its own problem.
/// </summary>
internal sealed class StudyWorkers(TempFolder state, string slo)
{
    public OptimizeService Service { get; } =
        new(
            new TargetFactory(
                new ShippedFiles(RepositoryPaths.Data(), Path.Combine(RepositoryPaths.Root, "search-spaces")),
                () => throw new InvalidOperationException("no simulated host in this test")
            ),
            TimeProvider.System
        );

    public static string Store => PostgresFactAttribute.ConnectionString!;

    /// <summary>
    /// A worker's request. Its claim timeout is 1 s unless <paramref name="claimTimeout"/> says otherwise, so that
    /// claims of killed workers are released within a test; tests in which no worker dies pass a generous one, so that
    /// a heartbeat late on a loaded machine does not release a live worker's claim.
    /// </summary>
    public OptimizeRequest Request(
        string study,
        string worker,
        string strategy = "grid",
        int? budget = null,
        TimeSpan? claimTimeout = null
    ) =>
        new()
        {
            Slo = SloParser.ParseAll([slo]),
            Target = TargetSpec.Parse("replay:lm-arena-chat"),
            Model = "Qwen/Qwen3-8B",
            Gpu = "H100",
            StateDirectory = Path.Combine(state.Path, worker),
            HostId = worker,
            Strategy = strategy,
            Budget = budget is { } n ? TuningBudget.Trials(n) : TuningBudget.Unlimited,
            Store = Store,
            Study = study,
            ClaimTimeout = claimTimeout ?? TimeSpan.FromSeconds(1),
        };

    public async Task<StudyOutcome> RunAsync(OptimizeRequest request, CancellationToken cancellationToken = default)
    {
        var setup = await Service.PrepareAsync(request, cancellationToken);
        await using var host = await setup.OpenAsync(cancellationToken);
        return await new StudyService(Service, TimeProvider.System).RunAsync(
            request,
            setup,
            host,
            null,
            cancellationToken
        );
    }

    /// <summary>
    /// One worker measuring <paramref name="study"/> with its own strategy and evaluator (no host, no run folder of
    /// its own), claims reported to <paramref name="claims"/>.
    /// </summary>
    public async Task<TuningRun> MeasureAsync(
        StudyStore studies,
        string study,
        SearchSpace space,
        ISearchStrategy strategy,
        IEvaluator evaluator,
        string worker,
        TimeSpan claimTimeout,
        IProgress<ClaimedTrial>? claims = null
    )
    {
        var folder = Directory.CreateDirectory(Path.Combine(state.Path, worker)).FullName;
        await using var trials = await TrialStoreFactory.OpenAsync(null, folder, default);
        var started = TimeProvider.System.GetUtcNow();
        var record = new RunRecord(
            RunSession.NewId(started, space.Name),
            worker,
            study,
            space.Name,
            "replay:lm-arena-chat",
            null,
            null,
            slo,
            string.Empty,
            RunKind.Tune,
            started
        );
        var session = await RunSession.StartAsync(
            trials,
            TimeProvider.System,
            record,
            null,
            folder,
            resume: false,
            default
        );
        var measurement = new StudyMeasurement(
            studies,
            new StudySettings(study, claimTimeout),
            new TuningRequest(space, SloParser.ParseAll([slo])),
            strategy,
            worker,
            TimeProvider.System
        )
        {
            Claims = claims,
        };
        return await measurement.MeasureAsync(evaluator, session, null, default);
    }

    /// <summary>The study's fingerprint for this SLO; studies of it from an earlier test run are removed.</summary>
    public async Task<string> FreshProblemAsync(OptimizeRequest request)
    {
        var setup = await Service.PrepareAsync(request, CancellationToken.None);
        var fingerprint = StudyFingerprint.Of(request, setup.Space);
        await using var trialStore = await MLEnergy.Runtime.Stores.TrialStoreFactory.OpenAsync(
            Store,
            state.Path,
            default
        );
        await using var source = NpgsqlDataSource.Create(
            MLEnergy.Runtime.Stores.PostgresConnectionString.From(Store, "--store")
        );
        await using var trials = source.CreateCommand(
            "DELETE FROM study_trials WHERE study IN (SELECT name FROM studies WHERE fingerprint = $1)"
        );
        trials.Parameters.Add(new NpgsqlParameter { Value = fingerprint });
        await trials.ExecuteNonQueryAsync();
        await using var studies = source.CreateCommand("DELETE FROM studies WHERE fingerprint = $1");
        studies.Parameters.Add(new NpgsqlParameter { Value = fingerprint });
        await studies.ExecuteNonQueryAsync();
        return fingerprint;
    }
}
