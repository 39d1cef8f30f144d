using Microsoft.Data.Sqlite;
using MLEnergy.Units;
using Npgsql;

namespace MLEnergy.Runtime.Stores;

/// <summary>
/// Opens the store named by <c>--store</c>: none for SQLite at <c>STATE/history.db</c>, <c>sqlite:PATH</c>,
/// or <c>postgres://USER:PASSWORD@HOST:PORT/DATABASE</c> (also a key=value connection string after <c>postgres:</c>),
/// or <c>env:NAME</c> to read any of these from an environment variable.
/// </summary>
public static class TrialStoreFactory
{
    public const string DefaultFileName = "history.db";

    public static string DefaultPath(string stateDirectory) => Path.Combine(stateDirectory, DefaultFileName);

    /// <summary>The variable read when <c>--store</c> is not given, and by <c>--store env:</c>.</summary>
    public const string Variable = "MLENERGY_STORE";

    /// <summary>
    /// The store address to use: <c>--store env:NAME</c> reads it from that variable, so that a password never
    /// shows in <c>ps</c>; without <c>--store</c>, <c>$MLENERGY_STORE</c> if set; else null (SQLite in the state
    /// directory). A PostgreSQL address without a password takes it from PGPASSWORD or the passfile (~/.pgpass).
    /// </summary>
    public static string? Resolve(string? store, Func<string, string?> environment)
    {
        if (store is null)
        {
            return environment(Variable) is { Length: > 0 } fromEnvironment ? fromEnvironment : null;
        }

        if (!store.StartsWith("env:", StringComparison.OrdinalIgnoreCase))
        {
            return store;
        }

        var name = store["env:".Length..];
        return environment(name) is { Length: > 0 } value
            ? value
            : throw new StoreAddressException($"--store {store}: the variable {name} is not set or empty");
    }

    /// <summary>Where the store address came from, as error messages name it.</summary>
    public static string Source(string? store) =>
        store switch
        {
            null => "$" + Variable,
            _ when store.StartsWith("env:", StringComparison.OrdinalIgnoreCase) => $"--store {store} (${store[4..]})",
            _ => "--store",
        };

    public static async Task<ITrialStore> OpenAsync(
        string? store,
        string stateDirectory,
        CancellationToken cancellationToken
    )
    {
        var source = Source(store);
        store = Resolve(store, Environment.GetEnvironmentVariable);
        if (store is null || store.StartsWith("sqlite:", StringComparison.OrdinalIgnoreCase))
        {
            var path = store is null ? DefaultPath(stateDirectory) : SqlitePath(store, source);
            return string.IsNullOrWhiteSpace(path)
                ? throw new StoreAddressException(
                    $"cannot read {source} '{store}': the path after sqlite: is empty, e.g. sqlite:/srv/history.db"
                )
                : await OpenSqliteAsync(path, cancellationToken);
        }

        if (
            store.StartsWith("postgres://", StringComparison.OrdinalIgnoreCase)
            || store.StartsWith("postgresql://", StringComparison.OrdinalIgnoreCase)
            || store.StartsWith("postgres:", StringComparison.OrdinalIgnoreCase)
        )
        {
            return await OpenPostgresAsync(PostgresConnectionString.From(store, source), cancellationToken);
        }

        throw new StoreAddressException(
            $"cannot read {source} '{PostgresConnectionString.Redact(store)}': "
                + "use sqlite:PATH or postgres://USER:PASSWORD@HOST:PORT/DATABASE"
        );
    }

    /// <summary>The path of <c>sqlite:PATH</c>, which takes no options: one written after it is refused by name.
    /// </summary>
    private static string SqlitePath(string store, string source)
    {
        try
        {
            return SpecOptions.Split(store["sqlite:".Length..], "sqlite:PATH").Value;
        }
        catch (FormatException e)
        {
            throw new StoreAddressException($"cannot read {source} '{store}': {e.Message}");
        }
    }

    public static async Task<ITrialStore> OpenSqliteAsync(string path, CancellationToken cancellationToken)
    {
        var full = Path.GetFullPath(path);
        var connection = new SqliteConnection(
            new SqliteConnectionStringBuilder
            {
                DataSource = full,
                Mode = SqliteOpenMode.ReadWriteCreate,
                Pooling = false,
            }.ToString()
        );
        try
        {
            return await SqlTrialStore.OpenAsync(connection, SqlDialect.Sqlite, full, cancellationToken);
        }
        catch (SqliteException e)
        {
            await connection.DisposeAsync();
            throw new TrialStoreException(
                e.SqliteErrorCode switch
                {
                    11 or 26 =>
                        $"the history store '{full}' is not a readable SQLite database (corrupt or another kind of "
                            + $"file); it was left as it is. Move it away or pass --store sqlite:OTHER.db",
                    14 when Directory.Exists(full) =>
                        $"cannot open the history store '{full}': it is a folder; name a database file in it "
                            + $"(--store sqlite:{Path.Combine(full, "history.db")})",
                    14 => $"cannot open the history store '{full}': its folder is missing or not writable",
                    8 => $"the history store '{full}' is read-only",
                    13 => $"the disk holding the history store '{full}' is full",
                    _ => $"cannot use the history store '{full}': {e.Message}",
                },
                e
            );
        }
    }

    public static async Task<ITrialStore> OpenPostgresAsync(
        string connectionString,
        CancellationToken cancellationToken
    )
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString);
        var location = $"PostgreSQL database '{builder.Database}' on {builder.Host}:{builder.Port}";
        var connection = new NpgsqlConnection(connectionString);
        try
        {
            return await SqlTrialStore.OpenAsync(connection, SqlDialect.Postgres, location, cancellationToken);
        }
        catch (Exception e) when (e is NpgsqlException or TimeoutException)
        {
            await connection.DisposeAsync();
            throw new TrialStoreException($"cannot use the {location}: {PostgresFailure.Describe(e, builder)}", e);
        }
    }
}
