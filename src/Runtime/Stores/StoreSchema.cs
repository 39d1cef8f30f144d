namespace MLEnergy.Runtime.Stores;

/// <summary>
/// The store's tables, in SQL that SQLite and PostgreSQL both accept; version 4. Version 2 added the shared studies of
/// a fleet, version 3 the structured cause of an infeasible trial (<c>cause</c>, an <c>Infeasibility</c> code), version
/// 4 the validity gates a trial's target could not check (<c>gates_skipped</c>, a JSON list); each is added to an older
/// store when it is opened (<see cref="Upgrade"/>), whose trials then read as cause unknown and no gate skipped.
/// </summary>
internal static class StoreSchema
{
    public const int Version = 4;

    /// <summary>What turns a store of <paramref name="version"/> into one of <see cref="Version"/>, run after
    /// <see cref="Create"/> (which adds the missing tables with every column).</summary>
    public static IEnumerable<string> Upgrade(int version)
    {
        if (version is >= 1 and < 3)
        {
            yield return "ALTER TABLE trials ADD COLUMN cause TEXT";
        }

        if (version == 2)
        {
            yield return "ALTER TABLE study_trials ADD COLUMN cause TEXT";
        }

        if (version is >= 1 and < 4)
        {
            yield return "ALTER TABLE trials ADD COLUMN gates_skipped TEXT";
        }

        if (version is 2 or 3)
        {
            yield return "ALTER TABLE study_trials ADD COLUMN gates_skipped TEXT";
        }
    }

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
                power_trace_json TEXT, finished_at TEXT NOT NULL, cause TEXT, gates_skipped TEXT,
                PRIMARY KEY (run_id, number))
            """,
        """
            CREATE TABLE IF NOT EXISTS recommendations (
                run_id TEXT PRIMARY KEY REFERENCES runs(id), configuration TEXT, energy_metric TEXT NOT NULL,
                energy DOUBLE PRECISION, latency_metric TEXT NOT NULL, latency DOUBLE PRECISION,
                savings_percent DOUBLE PRECISION, created_at TEXT NOT NULL)
            """,
        "CREATE INDEX IF NOT EXISTS runs_fingerprint ON runs (fingerprint, started_at)",
        """
            CREATE TABLE IF NOT EXISTS studies (
                name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, space TEXT NOT NULL, slo TEXT NOT NULL, load TEXT,
                budget INTEGER, status TEXT NOT NULL, created_at TEXT NOT NULL, finished_at TEXT, stop_reason TEXT)
            """,
        """
            CREATE TABLE IF NOT EXISTS study_trials (
                id TEXT PRIMARY KEY, study TEXT NOT NULL REFERENCES studies(name), configuration TEXT NOT NULL,
                configuration_json TEXT NOT NULL, fidelity TEXT NOT NULL, repetition INTEGER NOT NULL,
                state TEXT NOT NULL, worker TEXT NOT NULL, claimed_at TEXT NOT NULL, heartbeat_at TEXT NOT NULL,
                metrics_json TEXT, feasible INTEGER, reason TEXT, host_time_s DOUBLE PRECISION, verdicts_json TEXT,
                finished_at TEXT, cause TEXT, gates_skipped TEXT)
            """,
        // No configuration's repetition is claimed twice: a released claim leaves its slot free for another worker.
        "CREATE UNIQUE INDEX IF NOT EXISTS study_trials_slot ON study_trials (study, configuration, repetition) "
            + "WHERE state <> 'released'",
        "CREATE INDEX IF NOT EXISTS studies_fingerprint ON studies (fingerprint, status)",
    ];
}
