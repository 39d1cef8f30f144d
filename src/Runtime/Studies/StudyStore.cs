using System.Globalization;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search.Parallel;
using MLEnergy.Runtime.Stores;
using Npgsql;

namespace MLEnergy.Runtime.Studies;

/// <summary>
/// The studies of a PostgreSQL store, shared by workers on many hosts. Claims are taken in a transaction that locks
/// the study's row (<c>SELECT ... FOR UPDATE</c>), so claims of one study are taken one at a time: stale claims are
/// released, the budget is checked and the slot (configuration, repetition) is taken only when free, which a unique
/// index guards as well; a stopping study only gives out again the slots of claims released unmeasured. A result is
/// kept only while its claim is still held: a late one from a released claim is discarded. A study's status is
/// <c>open</c>, <c>stopping</c> or <c>finished</c> (<see cref="StudyStatus"/>); its <c>finished_at</c> holds, while it
/// is stopping, when it began to stop. Times come from the workers' clocks (kept in step by NTP, well within a claim's
/// timeout).
/// </summary>
public sealed partial class StudyStore(NpgsqlDataSource source, TimeProvider time) : IAsyncDisposable
{
    private const string Done = "done";
    private const string Claimed = "claimed";

    /// <summary>Claims released unmeasured whose slot nobody holds or finished since: trials still owed.</summary>
    private const string Owed =
        "study = $1 AND state = 'released' AND NOT EXISTS (SELECT 1 FROM study_trials t WHERE t.study = "
        + "study_trials.study AND t.configuration = study_trials.configuration AND t.repetition = "
        + "study_trials.repetition AND t.state <> 'released')";

    /// <summary>Opens the studies of <c>--store</c>: PostgreSQL, already opened as a trial store.</summary>
    public static StudyStore Open(string? store, TimeProvider time) =>
        new(
            NpgsqlDataSource.Create(
                PostgresConnectionString.From(SharedAddress(store), TrialStoreFactory.Source(store))
            ),
            time
        );

    /// <summary>The PostgreSQL address <c>--store</c> names; a SQLite store (one host's history) is refused.</summary>
    public static string SharedAddress(string? store)
    {
        var address = TrialStoreFactory.Resolve(store, Environment.GetEnvironmentVariable);
        return address is not null && address.StartsWith("postgres", StringComparison.OrdinalIgnoreCase)
            ? address
            : throw new Requests.OptimizeInputException(
                "--study needs a store the workers share: --store postgres://USER:PASSWORD@HOST:PORT/DB (or "
                    + "env:NAME); a SQLite store is one host's history"
            );
    }

    /// <summary>Creates the study when it is new; a study of that name for another problem is refused.</summary>
    public async Task<Study> JoinAsync(StudyDefinition definition, CancellationToken cancellationToken)
    {
        await using var insert = source.CreateCommand(
            "INSERT INTO studies (name, fingerprint, space, slo, load, budget, status, created_at) "
                + "VALUES ($1, $2, $3, $4, $5, $6, 'open', $7) ON CONFLICT (name) DO NOTHING"
        );
        Add(insert, definition.Name, definition.Fingerprint, definition.Space, definition.Slo, definition.Load);
        Add(insert, definition.Budget, Now());
        await insert.ExecuteNonQueryAsync(cancellationToken);
        var study = await FindAsync(definition.Name, cancellationToken);
        return study!.Fingerprint == definition.Fingerprint
            ? study
            : throw new Requests.OptimizeInputException(
                $"study '{definition.Name}' tunes another problem ({study.Fingerprint}), not this one "
                    + $"({definition.Fingerprint}): give this one another --study name"
            );
    }

    public async Task<Study?> FindAsync(string name, CancellationToken cancellationToken) =>
        (await FindRowAsync(name, cancellationToken)).Study;

    /// <summary>The last finished study of this problem, under any name; null when there is none.</summary>
    public async Task<Study?> FinishedLikeAsync(string fingerprint, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(
            "SELECT name, fingerprint, budget, status, stop_reason, finished_at FROM studies WHERE fingerprint = $1 "
                + "AND status = 'finished' ORDER BY finished_at DESC LIMIT 1"
        );
        Add(command, fingerprint);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken) ? ReadStudy(reader) : null;
    }

    public async Task<StudySnapshot> ReadAsync(string name, TimeSpan claimTimeout, CancellationToken cancellationToken)
    {
        var (found, stoppedAt) = await FindRowAsync(name, cancellationToken);
        var study = found ?? throw new InvalidOperationException($"no study {name}");
        await using var command = source.CreateCommand(
            "SELECT worker, repetition, state, heartbeat_at, configuration_json, fidelity, metrics_json, feasible, "
                + "reason, host_time_s, verdicts_json, configuration, finished_at, cause, gates_skipped "
                + "FROM study_trials "
                + "WHERE study = $1 "
                + "ORDER BY finished_at, claimed_at, id"
        );
        Add(command, name);
        var cutoff = Cutoff(claimTimeout);
        var done = new List<StudyTrial>();
        var pending = new List<PendingTrial>();
        var (held, freed) = (new HashSet<string>(), new List<(string Slot, UnmeasuredClaim Claim)>());
        var beforeStop = 0;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        while (await reader.ReadAsync(cancellationToken))
        {
            var configuration = ObservationJson.ReadConfiguration(reader.GetString(4));
            var fidelity = Enum.Parse<TrialFidelity>(reader.GetString(5));
            var (state, slot) = (reader.GetString(2), $"{reader.GetString(11)}#{reader.GetInt32(1)}");
            var live = state == Done || (state == Claimed && string.CompareOrdinal(reader.GetString(3), cutoff) >= 0);
            if (!live)
            {
                freed.Add((slot, new UnmeasuredClaim(new PendingTrial(configuration, fidelity), reader.GetInt32(1))));
                continue;
            }

            held.Add(slot);
            if (state == Done)
            {
                beforeStop +=
                    stoppedAt is not null && string.CompareOrdinal(reader.GetString(12), stoppedAt) <= 0 ? 1 : 0;
                var observation = ObservationJson.ReadTrial(
                    configuration,
                    reader.GetString(6),
                    reader.GetInt32(7) != 0,
                    reader.IsDBNull(8) ? null : reader.GetString(8),
                    reader.IsDBNull(13) ? null : reader.GetString(13),
                    fidelity,
                    reader.GetDouble(9),
                    reader.IsDBNull(10) ? null : reader.GetString(10),
                    powerTrace: null,
                    gatesSkipped: reader.IsDBNull(14) ? null : reader.GetString(14)
                );
                done.Add(new StudyTrial(reader.GetString(0), reader.GetInt32(1), observation));
            }
            else
            {
                pending.Add(new PendingTrial(configuration, fidelity));
            }
        }

        return new StudySnapshot(study, done, pending)
        {
            Unmeasured = [.. freed.Where(f => !held.Contains(f.Slot)).DistinctBy(f => f.Slot).Select(f => f.Claim)],
            StopPoint = study.Status == StudyStatus.Stopping ? beforeStop : null,
        };
    }

    /// <summary>
    /// Claims one repetition of a configuration for <paramref name="worker"/>; null when the slot is taken, the budget
    /// is spoken for, the study is finished, or it is stopping and the slot is not one a released claim left free
    /// (the caller reads the study again and decides anew).
    /// </summary>
    public async Task<StudyClaim?> TryClaimAsync(
        string study,
        string worker,
        PendingTrial trial,
        int repetition,
        TimeSpan claimTimeout,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (status, budget) = await LockAsync(connection, study, cancellationToken);
        await ReleaseStaleAsync(connection, study, claimTimeout, cancellationToken);
        var key = trial.Configuration.Key;
        var owed =
            status != StudyStatus.Stopping
            || await CountAsync(
                connection,
                "study = $1 AND state = 'released' AND configuration = $2 AND repetition = $3",
                cancellationToken,
                study,
                key,
                repetition
            ) > 0;
        var used = await CountAsync(connection, "study = $1 AND state <> 'released'", cancellationToken, study);
        var taken = await CountAsync(
            connection,
            "study = $1 AND state <> 'released' AND configuration = $2 AND repetition = $3",
            cancellationToken,
            study,
            key,
            repetition
        );
        if (status == StudyStatus.Finished || !owed || used >= (budget ?? int.MaxValue) || taken > 0)
        {
            await transaction.RollbackAsync(cancellationToken);
            return null;
        }

        var claim = new StudyClaim(Guid.NewGuid().ToString("N"), study, worker, trial, repetition);
        var now = Now();
        await using var insert = new NpgsqlCommand(
            "INSERT INTO study_trials (id, study, configuration, configuration_json, fidelity, repetition, state, "
                + "worker, claimed_at, heartbeat_at) VALUES ($1, $2, $3, $4, $5, $6, 'claimed', $7, $8, $8)",
            connection
        );
        Add(insert, claim.Id, study, key, ObservationJson.Configuration(trial.Configuration));
        Add(insert, trial.Fidelity.ToString(), repetition, worker, now);
        await insert.ExecuteNonQueryAsync(cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        return claim;
    }

    /// <summary>Says the claim's worker is alive; false when the claim was released meanwhile.</summary>
    public async Task<bool> HeartbeatAsync(StudyClaim claim, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(
            "UPDATE study_trials SET heartbeat_at = $1 WHERE id = $2 AND state = 'claimed'"
        );
        Add(command, Now(), claim.Id);
        return await command.ExecuteNonQueryAsync(cancellationToken) == 1;
    }

    /// <summary>Keeps the claim's result; false (nothing kept) when the claim was released and taken over.</summary>
    public async Task<bool> CompleteAsync(
        StudyClaim claim,
        Observation observation,
        CancellationToken cancellationToken
    )
    {
        await using var command = source.CreateCommand(
            "UPDATE study_trials SET state = 'done', metrics_json = $1, feasible = $2, reason = $3, host_time_s = $4, "
                + "verdicts_json = $5, finished_at = $6, cause = $7, gates_skipped = $8 "
                + "WHERE id = $9 AND state = 'claimed'"
        );
        Add(command, ObservationJson.Metrics(observation), observation.Feasible ? 1 : 0, observation.InfeasibleReason);
        Add(command, observation.HostTime.TotalSeconds, ObservationJson.Verdicts(observation), Now());
        Add(command, ObservationJson.Cause(observation), ObservationJson.GatesSkipped(observation), claim.Id);
        var kept = await command.ExecuteNonQueryAsync(cancellationToken) == 1;
        if (kept)
        {
            await NotifyAsync(claim.Study, cancellationToken);
        }

        return kept;
    }

    /// <summary>Listens for changes of <paramref name="study"/> (see <see cref="StudySignal"/>).</summary>
    public Task<StudySignal> ListenAsync(string study, CancellationToken cancellationToken) =>
        StudySignal.ListenAsync(source, study, time, cancellationToken);

    /// <summary>Gives a claim back unmeasured (the worker was stopped): another worker takes it at once.</summary>
    public async Task ReleaseAsync(StudyClaim claim, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand(
            "UPDATE study_trials SET state = 'released' WHERE id = $1 AND state = 'claimed'"
        );
        Add(command, claim.Id);
        if (await command.ExecuteNonQueryAsync(cancellationToken) == 1)
        {
            await NotifyAsync(claim.Study, cancellationToken);
        }
    }

    public ValueTask DisposeAsync() => source.DisposeAsync();

    /// <summary>Wakes the study's waiting workers (a notice on <see cref="StudySignal.Channel"/>).</summary>
    private async Task NotifyAsync(string study, CancellationToken cancellationToken)
    {
        await using var command = source.CreateCommand($"SELECT pg_notify('{StudySignal.Channel}', $1)");
        Add(command, study);
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<(StudyStatus Status, int? Budget)> LockAsync(
        NpgsqlConnection connection,
        string study,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand(
            "SELECT status, budget FROM studies WHERE name = $1 FOR UPDATE",
            connection
        );
        Add(command, study);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? (Status(reader.GetString(0)), reader.IsDBNull(1) ? null : reader.GetInt32(1))
            : throw new InvalidOperationException($"no study {study}");
    }

    private async Task ReleaseStaleAsync(
        NpgsqlConnection connection,
        string study,
        TimeSpan claimTimeout,
        CancellationToken cancellationToken
    )
    {
        await using var command = new NpgsqlCommand(
            "UPDATE study_trials SET state = 'released' WHERE study = $1 AND state = 'claimed' AND heartbeat_at < $2",
            connection
        );
        Add(command, study, Cutoff(claimTimeout));
        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    private static async Task<long> CountAsync(
        NpgsqlConnection connection,
        string where,
        CancellationToken cancellationToken,
        params object[] values
    )
    {
        await using var command = new NpgsqlCommand($"SELECT count(*) FROM study_trials WHERE {where}", connection);
        Add(command, values);
        return Convert.ToInt64(await command.ExecuteScalarAsync(cancellationToken), CultureInfo.InvariantCulture);
    }

    private async Task<(Study? Study, string? StoppingSince)> FindRowAsync(
        string name,
        CancellationToken cancellationToken
    )
    {
        await using var command = source.CreateCommand(
            "SELECT name, fingerprint, budget, status, stop_reason, finished_at FROM studies WHERE name = $1"
        );
        Add(command, name);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        if (!await reader.ReadAsync(cancellationToken))
        {
            return (null, null);
        }

        var study = ReadStudy(reader);
        return (study, study.Status == StudyStatus.Stopping && !reader.IsDBNull(5) ? reader.GetString(5) : null);
    }

    private static Study ReadStudy(NpgsqlDataReader reader) =>
        new(
            reader.GetString(0),
            reader.GetString(1),
            reader.IsDBNull(2) ? null : reader.GetInt32(2),
            Status(reader.GetString(3))
        )
        {
            StopReason = reader.IsDBNull(4) ? null : reader.GetString(4),
        };

    private static StudyStatus Status(string text) =>
        text switch
        {
            "finished" => StudyStatus.Finished,
            "stopping" => StudyStatus.Stopping,
            _ => StudyStatus.Open,
        };

    private string Now() => SqlTrialStore.Time(time.GetUtcNow());

    private string Cutoff(TimeSpan claimTimeout) => SqlTrialStore.Time(time.GetUtcNow() - claimTimeout);

    private static void Add(NpgsqlCommand command, params object?[] values)
    {
        foreach (var value in values)
        {
            command.Parameters.Add(new NpgsqlParameter { Value = value ?? DBNull.Value });
        }
    }
}
