using System.Data.Common;
using System.Globalization;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Search;
using MLEnergy.Runtime.State;

namespace MLEnergy.Runtime.Stores;

/// <summary>
/// One run in the store: started (or resumed) before the first trial, every trial written as it finishes,
/// marked interrupted on cancellation and finished with its recommendation.
/// </summary>
public sealed class RunSession : ITrialSink
{
    private readonly ITrialStore _store;
    private readonly TimeProvider _time;
    private int _number;

    private RunSession(
        ITrialStore store,
        TimeProvider time,
        RunRecord run,
        RunFolder folder,
        IReadOnlyList<Observation> previous,
        bool resumed
    )
    {
        Resumed = resumed;
        _store = store;
        _time = time;
        Run = run;
        Folder = folder;
        Previous = previous;
        _number = previous.Count;
    }

    public RunRecord Run { get; }

    public RunFolder Folder { get; }

    /// <summary>Trials an interrupted run had already finished; empty for a new run.</summary>
    public IReadOnlyList<Observation> Previous { get; }

    /// <summary>Whether this continues an interrupted run (same id and folder).</summary>
    public bool Resumed { get; }

    /// <summary>
    /// Continues the last unfinished run of this host with the same fingerprint, or starts a new one.
    /// </summary>
    public static async Task<RunSession> StartAsync(
        ITrialStore store,
        TimeProvider time,
        RunRecord proposed,
        string? explicitFolder,
        string stateDirectory,
        bool resume,
        CancellationToken cancellationToken
    )
    {
        var runs = await store.ListRunsAsync(cancellationToken);
        if (
            resume
            && runs.LastOrDefault(r =>
                r.IsResumable && r.Run.Fingerprint == proposed.Fingerprint && r.Run.HostId == proposed.HostId
            )
                is { } open
        )
        {
            var folder = RunFolder.Create(open.Run.Folder, stateDirectory, open.Run.Space, open.Run.StartedAt);
            var trials = await store.TrialsAsync(open.Run.Id, cancellationToken);
            return new RunSession(store, time, open.Run, folder, trials, resumed: true);
        }

        var taken = runs.Select(r => r.Run.Id).ToHashSet(StringComparer.Ordinal);
        for (var attempt = 1; ; attempt++)
        {
            // The id is claimed by inserting it: another run that started in the same second on this store may have
            // claimed the same one between the listing and the insert, and then the next free one is tried.
            var id = UniqueId(proposed.Id, taken);
            var path = Path.GetFullPath(explicitFolder ?? Path.Combine(stateDirectory, "runs", id));
            var run = proposed with { Id = id, Folder = path };
            try
            {
                await store.BeginRunAsync(run, cancellationToken);
            }
            // Bounded by the attempts, not by the store's size: a store that already holds a thousand runs must
            // still resolve two runs that started in the same second.
            catch (DbException) when (attempt < MaxIdAttempts)
            {
                var now = (await store.ListRunsAsync(cancellationToken)).Select(r => r.Run.Id).ToList();
                if (!now.Contains(id))
                {
                    throw;
                }

                taken.UnionWith(now);
                continue;
            }

            var newFolder = RunFolder.Create(path, stateDirectory, proposed.Space, proposed.StartedAt);
            return new RunSession(store, time, run, newFolder, [], resumed: false);
        }
    }

    public static string NewId(DateTimeOffset started, string spaceName) =>
        started.UtcDateTime.ToString("yyyyMMdd-HHmmss", CultureInfo.InvariantCulture)
        + "-"
        + new string([.. spaceName.Select(c => char.IsLetterOrDigit(c) || c is '-' or '_' or '.' ? c : '-')]);

    public async Task RecordAsync(TrialProgress trial, CancellationToken cancellationToken) =>
        await _store.RecordTrialAsync(Run.Id, ++_number, trial.Observation, _time.GetUtcNow(), cancellationToken);

    public Task InterruptAsync() => _store.InterruptRunAsync(Run.Id, CancellationToken.None);

    public Task FinishAsync(TuningResult result, CancellationToken cancellationToken)
    {
        var chosen = result.Selection.Recommended;
        return _store.FinishRunAsync(
            Run.Id,
            new RunCompletion(
                result.FinishedAt,
                result.EnergyMetric,
                result.LatencyMetric,
                chosen?.Configuration.Key,
                chosen?.Metric(result.EnergyMetric),
                chosen?.Metric(result.LatencyMetric),
                result.Selection.Savings?.Percent
            ),
            cancellationToken
        );
    }

    /// <summary>How many ids a new run tries before the store's refusal is reported.</summary>
    private const int MaxIdAttempts = 100;

    private static string UniqueId(string id, HashSet<string> taken)
    {
        var candidate = id;
        for (var n = 2; taken.Contains(candidate); n++)
        {
            candidate = $"{id}-{n}";
        }

        return candidate;
    }
}
