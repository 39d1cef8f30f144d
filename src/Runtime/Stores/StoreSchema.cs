namespace MLEnergy.Runtime.Stores;

/// <summary>The store's tables, in SQL that SQLite and PostgreSQL both accept; version 1.</summary>
internal static class StoreSchema
{
    public const int Version = 1;

    public static readonly string[] Create =
    [
        "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER NOT NULL)",
        """
            CREATE TABLE IF NOT EXISTS runs (
                id TEXT PRIMARY KEY, host_id TEXT NOT NULL, fingerprint TEXT NOT NULL, space TEXT NOT NULL,
                target TEXT NOT NULL, model TEXT, gpu TEXT, slo TEXT NOT NULL, folder TEXT NOT NULL,
                kind TEXT NOT NULL, status TEXT NOT NULL, started_at TEXT NOT NULL, finished_at TEXT)
            """,
        """
            CREATE TABLE IF NOT EXISTS trials (
                run_id TEXT NOT NULL REFERENCES runs(id), number INTEGER NOT NULL, configuration TEXT NOT NULL,
                configuration_json TEXT NOT NULL, metrics_json TEXT NOT NULL, feasible INTEGER NOT NULL, reason TEXT,
                fidelity TEXT NOT NULL, host_time_s DOUBLE PRECISION NOT NULL, verdicts_json TEXT,
                power_trace_json TEXT, finished_at TEXT NOT NULL, PRIMARY KEY (run_id, number))
            """,
        """
            CREATE TABLE IF NOT EXISTS recommendations (
                run_id TEXT PRIMARY KEY REFERENCES runs(id), configuration TEXT, energy_metric TEXT NOT NULL,
                energy DOUBLE PRECISION, latency_metric TEXT NOT NULL, latency DOUBLE PRECISION,
                savings_percent DOUBLE PRECISION, created_at TEXT NOT NULL)
            """,
        "CREATE INDEX IF NOT EXISTS runs_fingerprint ON runs (fingerprint, started_at)",
    ];
}
