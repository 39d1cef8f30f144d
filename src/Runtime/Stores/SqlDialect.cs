namespace MLEnergy.Runtime.Stores;

/// <summary>
/// What differs between the SQL databases the store runs on: how to ask whether a table exists, what to set up first,
/// and how workers opening one store at once take turns to create its tables.
/// </summary>
internal sealed record SqlDialect(
    string Name,
    string CountTablesSql,
    string SchemaVersionTableSql,
    IReadOnlyList<string> OnCreate
)
{
    /// <summary>Taken before the schema is checked or created, released after; null where a file lock does.</summary>
    public string? SchemaLockSql { get; init; }

    public string? SchemaUnlockSql { get; init; }

    public static SqlDialect Sqlite { get; } =
        new(
            "SQLite",
            "SELECT count(*) FROM sqlite_master WHERE type = 'table'",
            "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'",
            ["PRAGMA journal_mode=WAL"]
        );

    public static SqlDialect Postgres { get; } =
        new(
            "PostgreSQL",
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema()",
            "SELECT count(*) FROM information_schema.tables WHERE table_schema = current_schema() AND table_name = "
                + "'schema_version'",
            []
        )
        {
            SchemaLockSql = "SELECT pg_advisory_lock(7243001)",
            SchemaUnlockSql = "SELECT pg_advisory_unlock(7243001)",
        };
}
