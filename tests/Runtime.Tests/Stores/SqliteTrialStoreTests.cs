using Microsoft.Data.Sqlite;
using MLEnergy.Recommender.Observations;
using MLEnergy.Runtime.Stores;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Stores;

public sealed class SqliteTrialStoreTests : IDisposable
{
    private readonly TempFolder _folder = new();

    public void Dispose() => _folder.Dispose();

    [Fact]
    public async Task TrialsComeBackInOrderWithEverythingTheyCarried()
    {
        await using var store = await TrialStoreFactory.OpenSqliteAsync(_folder.File("h.db"), CancellationToken.None);
        await TrialStoreContract.TrialsComeBackInOrderWithEverythingTheyCarried(store, "run-1");
    }

    [Fact]
    public async Task TrialsShortOfSamplesGiveTheSameVerdictWhenReadBack()
    {
        await using var store = await TrialStoreFactory.OpenSqliteAsync(_folder.File("h.db"), CancellationToken.None);
        await TrialStoreContract.TrialsShortOfSamplesGiveTheSameVerdictWhenReadBack(store, "run-1");
    }

    [Fact]
    public async Task AFinishedRunCarriesItsRecommendation()
    {
        await using var store = await TrialStoreFactory.OpenSqliteAsync(_folder.File("h.db"), CancellationToken.None);
        await TrialStoreContract.AFinishedRunCarriesItsRecommendation(store, "run-1");
    }

    [Fact]
    public async Task TheStoreIsInWriteAheadLogModeWithASchemaVersion()
    {
        await (await TrialStoreFactory.OpenSqliteAsync(_folder.File("h.db"), CancellationToken.None)).DisposeAsync();

        await using var connection = new SqliteConnection($"Data Source={_folder.File("h.db")};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        (await command.ExecuteScalarAsync()).Should().Be("wal");
        command.CommandText = "SELECT version FROM schema_version";
        (await command.ExecuteScalarAsync()).Should().Be((long)StoreSchema.Version);
    }

    [Fact]
    public async Task AReopenedStoreKeepsItsRuns()
    {
        await using (var store = await TrialStoreFactory.OpenSqliteAsync(_folder.File("h.db"), CancellationToken.None))
        {
            await store.BeginRunAsync(StoreRecords.Run("run-1"), CancellationToken.None);
        }

        await using var reopened = await TrialStoreFactory.OpenSqliteAsync(
            _folder.File("h.db"),
            CancellationToken.None
        );
        (await reopened.ListRunsAsync(CancellationToken.None)).Select(r => r.Run.Id).Should().Equal("run-1");
    }

    [Fact]
    public async Task ACorruptFileIsRefusedAndLeftByteForByte()
    {
        var path = _folder.File("h.db");
        var garbage = Enumerable.Range(0, 8192).Select(i => (byte)(i * 7)).ToArray();
        await File.WriteAllBytesAsync(path, garbage);

        var open = () => TrialStoreFactory.OpenSqliteAsync(path, CancellationToken.None);

        (await open.Should().ThrowAsync<TrialStoreException>()).WithMessage(
            "*not a readable SQLite database*left as it is*"
        );
        (await File.ReadAllBytesAsync(path)).Should().Equal(garbage);
    }

    [Fact]
    public async Task AFolderGivenAsTheStoreIsNamedAsOneWithTheFileToName()
    {
        var path = _folder.File("stores");
        Directory.CreateDirectory(path);

        var open = () => TrialStoreFactory.OpenSqliteAsync(path, CancellationToken.None);

        (await open.Should().ThrowAsync<TrialStoreException>()).WithMessage(
            $"cannot open the history store '{path}': it is a folder; name a database file in it "
                + $"(--store sqlite:{Path.Combine(path, "history.db")})"
        );
    }

    [Fact]
    public async Task AnOptionAfterTheSqlitePathIsRefusedByNameAndNoFileIsMade()
    {
        // sqlite:PATH,mode=ro made a database named "PATH,mode=ro".
        var path = _folder.File("history.db");

        var open = () => TrialStoreFactory.OpenAsync($"sqlite:{path},mode=ro", _folder.Path, CancellationToken.None);

        (await open.Should().ThrowAsync<StoreAddressException>()).WithMessage(
            $"cannot read --store 'sqlite:{path},mode=ro': unknown option 'mode': sqlite:PATH takes no options"
        );
        Directory.EnumerateFileSystemEntries(_folder.Path).Should().BeEmpty();
    }

    [Fact]
    public async Task ANewerSchemaIsRefusedAndNothingIsOverwritten()
    {
        var path = _folder.File("h.db");
        await (await TrialStoreFactory.OpenSqliteAsync(path, CancellationToken.None)).DisposeAsync();
        await ExecuteAsync(path, "UPDATE schema_version SET version = 9");
        var before = await File.ReadAllBytesAsync(path);

        var open = () => TrialStoreFactory.OpenSqliteAsync(path, CancellationToken.None);

        (await open.Should().ThrowAsync<TrialStoreException>()).WithMessage(
            "*schema version 9, newer than this mlenergy understands (4)*not changed*"
        );
        (await File.ReadAllBytesAsync(path)).Should().Equal(before);
    }

    [Fact]
    public async Task AVersion2StoreGainsTheCauseColumnAndItsTrialsReadAsCauseUnknown()
    {
        // The tables a version 2 store has (trials without their cause), one run and one infeasible trial in them.
        var path = _folder.File("v2.db");
        await ExecuteAsync(
            path,
            """
            CREATE TABLE schema_version (version INTEGER NOT NULL);
            INSERT INTO schema_version (version) VALUES (2);
            CREATE TABLE runs (id TEXT PRIMARY KEY, host_id TEXT NOT NULL, fingerprint TEXT NOT NULL,
                space TEXT NOT NULL, target TEXT NOT NULL, model TEXT, gpu TEXT, slo TEXT NOT NULL,
                folder TEXT NOT NULL, kind TEXT NOT NULL, status TEXT NOT NULL, started_at TEXT NOT NULL,
                finished_at TEXT);
            CREATE TABLE trials (run_id TEXT NOT NULL REFERENCES runs(id), number INTEGER NOT NULL,
                configuration TEXT NOT NULL, configuration_json TEXT NOT NULL, metrics_json TEXT NOT NULL,
                feasible INTEGER NOT NULL, reason TEXT, fidelity TEXT NOT NULL, host_time_s DOUBLE PRECISION NOT NULL,
                verdicts_json TEXT, power_trace_json TEXT, finished_at TEXT NOT NULL, PRIMARY KEY (run_id, number));
            CREATE TABLE studies (name TEXT PRIMARY KEY, fingerprint TEXT NOT NULL, space TEXT NOT NULL,
                slo TEXT NOT NULL, load TEXT, budget INTEGER, status TEXT NOT NULL, created_at TEXT NOT NULL,
                finished_at TEXT, stop_reason TEXT);
            CREATE TABLE study_trials (id TEXT PRIMARY KEY, study TEXT NOT NULL REFERENCES studies(name),
                configuration TEXT NOT NULL, configuration_json TEXT NOT NULL, fidelity TEXT NOT NULL,
                repetition INTEGER NOT NULL, state TEXT NOT NULL, worker TEXT NOT NULL, claimed_at TEXT NOT NULL,
                heartbeat_at TEXT NOT NULL, metrics_json TEXT, feasible INTEGER, reason TEXT,
                host_time_s DOUBLE PRECISION, verdicts_json TEXT, finished_at TEXT);
            INSERT INTO runs VALUES ('old', 'h', 'f', 's', 'sim', NULL, NULL, 'slo', '/r', 'Tune', 'Running',
                '2026-01-01T00:00:00Z', NULL);
            INSERT INTO trials VALUES ('old', 1, 'max_num_seqs=512', '{"max_num_seqs":"512"}', '{}', 0,
                'out of memory', 'Full', 90, NULL, NULL, '2026-01-01T00:05:00Z');
            """
        );

        await using var store = await TrialStoreFactory.OpenSqliteAsync(path, CancellationToken.None);
        var old = await store.TrialsAsync("old", CancellationToken.None);
        var failed = Observation.Infeasible(
            old[0].Configuration,
            "out of memory",
            new Infeasibility(InfeasibleCause.KvCacheTooSmall, 4)
        );
        await store.RecordTrialAsync("old", 2, failed, StoreRecords.Start, CancellationToken.None);

        old.Single().Infeasibility.Should().Be(Infeasibility.Unknown);
        old.Single().GatesSkipped.Should().BeEmpty("a trial stored before version 4 reads as no gate skipped");
        old.Single().InfeasibleReason.Should().Be("out of memory");
        (await store.TrialsAsync("old", CancellationToken.None))[1]
            .Infeasibility.Should()
            .Be(new Infeasibility(InfeasibleCause.KvCacheTooSmall, 4));
    }

    [Fact]
    public async Task ADatabaseOfAnotherProgramIsRefused()
    {
        var path = _folder.File("other.db");
        await ExecuteAsync(path, "CREATE TABLE invoices (id INTEGER)");

        var open = () => TrialStoreFactory.OpenSqliteAsync(path, CancellationToken.None);

        (await open.Should().ThrowAsync<TrialStoreException>()).WithMessage("*not an mlenergy store*");
    }

    private static async Task ExecuteAsync(string path, string sql)
    {
        await using var connection = new SqliteConnection($"Data Source={path};Pooling=False");
        await connection.OpenAsync();
        await using var command = connection.CreateCommand();
        command.CommandText = sql;
        await command.ExecuteNonQueryAsync();
    }
}
