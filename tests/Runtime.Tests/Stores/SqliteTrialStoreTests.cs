using Microsoft.Data.Sqlite;
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
    public async Task ANewerSchemaIsRefusedAndNothingIsOverwritten()
    {
        var path = _folder.File("h.db");
        await (await TrialStoreFactory.OpenSqliteAsync(path, CancellationToken.None)).DisposeAsync();
        await ExecuteAsync(path, "UPDATE schema_version SET version = 9");
        var before = await File.ReadAllBytesAsync(path);

        var open = () => TrialStoreFactory.OpenSqliteAsync(path, CancellationToken.None);

        (await open.Should().ThrowAsync<TrialStoreException>()).WithMessage(
            "*schema version 9, newer than this mlenergy understands (2)*not changed*"
        );
        (await File.ReadAllBytesAsync(path)).Should().Equal(before);
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
