using System.Data.Common;
using System.Globalization;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Runtime.Stores;

/// <summary>
/// The store over one open ADO.NET connection (SQLite or PostgreSQL, same tables). Opening checks the
/// schema version before writing anything: a newer one is refused, a database that is not a store too.
/// </summary>
public sealed class SqlTrialStore : ITrialStore
{
    private readonly DbConnection _connection;

    private SqlTrialStore(DbConnection connection, string location)
    {
        _connection = connection;
        Location = location;
    }

    public string Location { get; }

    internal static async Task<SqlTrialStore> OpenAsync(
        DbConnection connection,
        SqlDialect dialect,
        string location,
        CancellationToken cancellationToken
    )
    {
        await connection.OpenAsync(cancellationToken);
        var store = new SqlTrialStore(connection, location);
        try
        {
            if (dialect == SqlDialect.Sqlite)
            {
                await store.QuickCheckAsync(cancellationToken);
            }

            if (dialect.SchemaLockSql is { } schemaLock)
            {
                await store.ScalarAsync(schemaLock, cancellationToken);
            }

            await store.PrepareSchemaAsync(dialect, cancellationToken);
            if (dialect.SchemaUnlockSql is { } schemaUnlock)
            {
                await store.ScalarAsync(schemaUnlock, cancellationToken);
            }

            return store;
        }
        catch
        {
            await store.DisposeAsync();
            throw;
        }
    }

    public Task BeginRunAsync(RunRecord run, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "INSERT INTO runs (id, host_id, fingerprint, space, target, model, gpu, slo, folder, kind, status, "
                + "started_at) "
                + "VALUES (@id, @host, @fingerprint, @space, @target, @model, @gpu, @slo, @folder, @kind, @status, "
                + "@started)",
            cancellationToken,
            ("id", run.Id),
            ("host", run.HostId),
            ("fingerprint", run.Fingerprint),
            ("space", run.Space),
            ("target", run.Target),
            ("model", run.Model),
            ("gpu", run.Gpu),
            ("slo", run.Slo),
            ("folder", run.Folder),
            ("kind", run.Kind.ToString()),
            ("status", RunStatus.Running.ToString()),
            ("started", Time(run.StartedAt))
        );

    public async Task RecordTrialAsync(
        string runId,
        int number,
        Observation observation,
        DateTimeOffset finishedAt,
        CancellationToken cancellationToken
    )
    {
        await ExecuteAsync(
            "INSERT INTO trials (run_id, number, configuration, configuration_json, metrics_json, feasible, reason, "
                + "fidelity, host_time_s, verdicts_json, power_trace_json, finished_at, cause, gates_skipped) "
                + "VALUES (@run, @number, @key, @configuration, @metrics, @feasible, @reason, @fidelity, @host, "
                + "@verdicts, @trace, @finished, @cause, @gates)",
            cancellationToken,
            ("run", runId),
            ("number", number),
            ("key", observation.Configuration.Key),
            ("configuration", ObservationJson.Configuration(observation.Configuration)),
            ("metrics", ObservationJson.Metrics(observation)),
            ("feasible", observation.Feasible ? 1 : 0),
            ("reason", observation.InfeasibleReason),
            ("fidelity", observation.Fidelity.ToString()),
            ("host", observation.HostTime.TotalSeconds),
            ("verdicts", ObservationJson.Verdicts(observation)),
            ("trace", ObservationJson.PowerTrace(observation)),
            ("finished", Time(finishedAt)),
            ("cause", ObservationJson.Cause(observation)),
            ("gates", ObservationJson.GatesSkipped(observation))
        );
        await ExecuteAsync(
            "UPDATE runs SET status = @status WHERE id = @id AND status <> @status",
            cancellationToken,
            ("status", RunStatus.Running.ToString()),
            ("id", runId)
        );
    }

    public async Task FinishRunAsync(string runId, RunCompletion completion, CancellationToken cancellationToken)
    {
        await ExecuteAsync("DELETE FROM recommendations WHERE run_id = @id", cancellationToken, ("id", runId));
        await ExecuteAsync(
            "INSERT INTO recommendations (run_id, configuration, energy_metric, energy, latency_metric, latency, "
                + "savings_percent, created_at) "
                + "VALUES (@id, @configuration, @energyMetric, @energy, @latencyMetric, @latency, @savings, @created)",
            cancellationToken,
            ("id", runId),
            ("configuration", completion.Recommended),
            ("energyMetric", completion.EnergyMetric),
            ("energy", completion.Energy),
            ("latencyMetric", completion.LatencyMetric),
            ("latency", completion.Latency),
            ("savings", completion.SavingsPercent),
            ("created", Time(completion.FinishedAt))
        );
        await ExecuteAsync(
            "UPDATE runs SET status = @status, finished_at = @finished WHERE id = @id",
            cancellationToken,
            ("status", RunStatus.Finished.ToString()),
            ("finished", Time(completion.FinishedAt)),
            ("id", runId)
        );
    }

    /// <summary>Marks a run interrupted (Ctrl-C); its finished trials stay for <c>--resume</c>.</summary>
    public Task InterruptRunAsync(string runId, CancellationToken cancellationToken) =>
        ExecuteAsync(
            "UPDATE runs SET status = @status WHERE id = @id",
            cancellationToken,
            ("status", RunStatus.Interrupted.ToString()),
            ("id", runId)
        );

    public Task<IReadOnlyList<RunSummary>> ListRunsAsync(CancellationToken cancellationToken) =>
        SqlStoreReader.ListRunsAsync(_connection, cancellationToken);

    public Task<IReadOnlyList<Observation>> TrialsAsync(string runId, CancellationToken cancellationToken) =>
        SqlStoreReader.TrialsAsync(_connection, runId, cancellationToken);

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();

    private async Task PrepareSchemaAsync(SqlDialect dialect, CancellationToken cancellationToken)
    {
        var tables = Convert.ToInt64(
            await ScalarAsync(dialect.CountTablesSql, cancellationToken),
            CultureInfo.InvariantCulture
        );
        var versioned =
            Convert.ToInt64(
                await ScalarAsync(dialect.SchemaVersionTableSql, cancellationToken),
                CultureInfo.InvariantCulture
            ) > 0;
        if (tables > 0 && !versioned)
        {
            throw new TrialStoreException(
                $"{Location} holds other tables but no mlenergy schema version: not an mlenergy store; it was left "
                    + $"as it is"
            );
        }

        var version = 0;
        if (versioned)
        {
            var found = await ScalarAsync("SELECT max(version) FROM schema_version", cancellationToken);
            version = found is null or DBNull ? 0 : Convert.ToInt32(found, CultureInfo.InvariantCulture);
            if (version > StoreSchema.Version)
            {
                throw new TrialStoreException(
                    $"{Location} has store schema version {version}, newer than this mlenergy understands "
                        + $"({StoreSchema.Version}); upgrade mlenergy or use another --store. The store was not "
                        + $"changed."
                );
            }

            if (version == StoreSchema.Version)
            {
                return;
            }
        }

        foreach (var statement in dialect.OnCreate.Concat(StoreSchema.Create).Concat(StoreSchema.Upgrade(version)))
        {
            await ExecuteAsync(statement, cancellationToken);
        }

        await ExecuteAsync(
            "INSERT INTO schema_version (version) VALUES (@v)",
            cancellationToken,
            ("v", StoreSchema.Version)
        );
    }

    private async Task<object?> ScalarAsync(string sql, CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        return await command.ExecuteScalarAsync(cancellationToken);
    }

    /// <summary>
    /// Checks a SQLite file page by page before anything is written to it (<c>PRAGMA quick_check</c>): a corrupt store
    /// is refused as it is, never written further.
    /// </summary>
    private async Task QuickCheckAsync(CancellationToken cancellationToken)
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = "PRAGMA quick_check(3)";
        var problems = new List<string>();
        await using (var reader = await command.ExecuteReaderAsync(cancellationToken))
        {
            while (await reader.ReadAsync(cancellationToken))
            {
                problems.Add(reader.GetString(0));
            }
        }

        if (problems is not ["ok"])
        {
            throw new TrialStoreException(
                $"the history store '{Location}' is corrupt (quick_check: {string.Join("; ", problems)}); it was left "
                    + "as it is and nothing was changed. Move it away or pass --store sqlite:OTHER.db"
            );
        }
    }

    private async Task ExecuteAsync(
        string sql,
        CancellationToken cancellationToken,
        params (string Name, object? Value)[] parameters
    )
    {
        await using var command = _connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            var parameter = command.CreateParameter();
            parameter.ParameterName = "@" + name;
            parameter.Value = value ?? DBNull.Value;
            command.Parameters.Add(parameter);
        }

        await command.ExecuteNonQueryAsync(cancellationToken);
    }

    internal static string Time(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fffffff'Z'", CultureInfo.InvariantCulture);
}
