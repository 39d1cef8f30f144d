using MLEnergy.Recommender.Observations;

namespace MLEnergy.Runtime.Stores;

/// <summary>
/// The history: runs, every trial as it finishes, and each run's recommendation. SQLite in the state
/// directory by default; PostgreSQL (<c>--store postgres://...</c>) for a fleet sharing one history.
/// </summary>
public interface ITrialStore : IAsyncDisposable
{
    /// <summary>Where the store is, for messages (a file path, or host and database).</summary>
    string Location { get; }

    Task BeginRunAsync(RunRecord run, CancellationToken cancellationToken);

    Task RecordTrialAsync(
        string runId,
        int number,
        Observation observation,
        DateTimeOffset finishedAt,
        CancellationToken cancellationToken
    );

    /// <summary>Marks a run interrupted (Ctrl-C); its finished trials stay for <c>--resume</c>.</summary>
    Task InterruptRunAsync(string runId, CancellationToken cancellationToken);

    Task FinishRunAsync(string runId, RunCompletion completion, CancellationToken cancellationToken);

    Task<IReadOnlyList<RunSummary>> ListRunsAsync(CancellationToken cancellationToken);

    Task<IReadOnlyList<Observation>> TrialsAsync(string runId, CancellationToken cancellationToken);
}
