using MLEnergy.Integration.Tests.Support;

namespace MLEnergy.Integration.Tests.Operations;

public sealed class StoreFaultTests : IDisposable
{
    private readonly TempDirectory _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task ACorruptStoreIsAClearErrorBeforeAnyTrialAndIsLeftAsItWas()
    {
        var store = _state.File("history.db");
        var garbage = Enumerable.Repeat((byte)0x5A, 4096).ToArray();
        await File.WriteAllBytesAsync(store, garbage);

        var run = await OperationsFixture.OptimizeAsync(_state.Path);

        run.ExitCode.Should().Be(4);
        run.Error.Should()
            .Contain("not a readable SQLite database")
            .And.NotContain("[trial 1")
            .And.NotContain("   at ");
        (await File.ReadAllBytesAsync(store)).Should().Equal(garbage);
    }

    [Fact]
    public async Task ACorruptPageInsideTheStoreIsFoundAtOpenWithExitCode4AndNothingIsOverwritten()
    {
        (await OperationsFixture.OptimizeAsync(_state.Path)).ExitCode.Should().Be(0);
        var store = _state.File("history.db");
        var bytes = await File.ReadAllBytesAsync(store);
        var pageSize = (bytes[16] << 8) | bytes[17];
        bytes.Length.Should().BeGreaterThan(2 * pageSize);
        Array.Fill(bytes, (byte)0x5A, pageSize, pageSize); // page 2, a table's b-tree page
        await File.WriteAllBytesAsync(store, bytes);

        var run = await OperationsFixture.OptimizeAsync(_state.Path);
        var history = await CliRun.RunAsync("history", "--state-dir", _state.Path);

        run.ExitCode.Should().Be(4, run.Error);
        run.Error.Should().Contain("history store").And.NotContain("   at ").And.NotContain("[1/");
        history.ExitCode.Should().Be(4, history.Error);
        (await File.ReadAllBytesAsync(store)).Should().Equal(bytes);
    }

    [Fact]
    public async Task AStateDirectoryThatCannotBeWrittenIsAClearErrorBeforeAnyTrial()
    {
        // A regular file where the state directory should be: no user, root included, can create it.
        var blocked = _state.File("not-a-directory");
        await File.WriteAllTextAsync(blocked, "x");

        var run = await OperationsFixture.OptimizeAsync(Path.Combine(blocked, "state"));

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("cannot write").And.NotContain("[trial 1");
    }

    [Fact]
    public async Task AStoreOfANewerSchemaIsRefusedByHistory()
    {
        await OperationsFixture.OptimizeAsync(_state.Path);
        await using (
            var connection = new Microsoft.Data.Sqlite.SqliteConnection(
                $"Data Source={_state.File("history.db")};Pooling=False"
            )
        )
        {
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE schema_version SET version = 99";
            await command.ExecuteNonQueryAsync();
        }

        var history = await CliRun.RunAsync("history", "--state-dir", _state.Path);

        history.ExitCode.Should().Be(4);
        history.Error.Should().Contain("schema version 99, newer than this mlenergy understands");
    }

    [Fact]
    public async Task AnInterruptedRunIsContinuedWithResume()
    {
        await OperationsFixture.OptimizeAsync(_state.Path, "--budget", "4");
        await using (
            var connection = new Microsoft.Data.Sqlite.SqliteConnection(
                $"Data Source={_state.File("history.db")};Pooling=False"
            )
        )
        {
            // What a kill -9 leaves behind: a run still marked running, its finished trials stored.
            await connection.OpenAsync();
            await using var command = connection.CreateCommand();
            command.CommandText = "UPDATE runs SET status = 'Running', finished_at = NULL; DELETE FROM recommendations";
            await command.ExecuteNonQueryAsync();
        }

        var resumed = await OperationsFixture.OptimizeAsync(_state.Path, "--resume", "--json");

        resumed.ExitCode.Should().Be(0, resumed.Error);
        resumed.Error.Should().Contain("4 trials were already measured and were not repeated");
        var json = System.Text.Json.JsonDocument.Parse(resumed.Out).RootElement;
        json.GetProperty("trialsMeasured").GetInt32().Should().Be(6);
        json.GetProperty("trials").GetArrayLength().Should().Be(10);
    }
}
