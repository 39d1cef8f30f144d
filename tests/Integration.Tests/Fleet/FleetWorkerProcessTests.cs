using System.Diagnostics;
using MLEnergy.Integration.Tests.Support;
using MLEnergy.Runtime.Stores;
using Npgsql;

namespace MLEnergy.Integration.Tests.Fleet;

/// <summary>
/// Four <c>mlenergy optimize --study</c> processes on the simulated host share one study in a real PostgreSQL on
/// loopback; one is killed with SIGKILL while it holds a claim.
/// </summary>
public sealed class FleetWorkerProcessTests : IDisposable
{
    private const string Prefix = "cli-fleet-";
    private const int Budget = 40;
    private readonly TempDirectory _state = new();

    public void Dispose() => _state.Dispose();

    [PostgresFact]
    public async Task FourWorkerProcessesShareOneStudyAndAKilledWorkersClaimIsMeasuredByAnother()
    {
        await using var database = NpgsqlDataSource.Create(
            PostgresConnectionString.From(PostgresFactAttribute.ConnectionString!, "--store")
        );
        await ForgetEarlierRunsAsync(database);
        var study = Prefix + Guid.NewGuid().ToString("N")[..8];

        var workers = Enumerable.Range(0, 4).Select(i => Start(study, $"w{i}")).ToList();
        var outputs = workers.Select(w =>
            (Out: w.StandardOutput.ReadToEndAsync(), Err: w.StandardError.ReadToEndAsync())
        );
        var captured = outputs.ToList();
        var held = await FirstClaimOfAsync(database, study, "w0");
        workers[0].Kill(entireProcessTree: true);
        foreach (var worker in workers.Skip(1))
        {
            await worker.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(4));
        }

        var survivors = new List<string>();
        for (var i = 1; i < 4; i++)
        {
            var output = await captured[i].Out;
            workers[i].ExitCode.Should().BeOneOf([0, 5], await captured[i].Err);
            survivors.Add(output.Split('\n').Single(l => l.StartsWith("Recommendation:", StringComparison.Ordinal)));
        }

        survivors.Distinct().Should().ContainSingle();
        var rows = await RowsAsync(database, study);
        rows.Where(r => r.State == "done").Should().HaveCount(Budget);
        rows.Where(r => r.State == "done").Select(r => (r.Configuration, r.Repetition)).Should().OnlyHaveUniqueItems();
        var killed = rows.Single(r => r.Id == held);
        killed.State.Should().Be("released");
        rows.Should()
            .ContainSingle(r => r.State == "done" && r.Configuration == killed.Configuration)
            .Which.Worker.Should()
            .NotStartWith("w0:");
        foreach (var worker in workers)
        {
            worker.Dispose();
        }
    }

    private Process Start(string study, string worker)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        string[] args =
        [
            Path.Combine(AppContext.BaseDirectory, "MLEnergy.Cli.dll"),
            "optimize",
            "--slo",
            "p99 tpot<=187ms",
            "--strategy",
            "grid",
            "--budget",
            Budget.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--study",
            study,
            "--store",
            "env:" + PostgresFactAttribute.Variable,
            "--claim-timeout",
            "2s",
            "--state-dir",
            Path.Combine(_state.Path, worker),
            "--host-id",
            worker,
        ];
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        return Process.Start(start)!;
    }

    /// <summary>Waits until the worker holds a claim; its trial is then being measured.</summary>
    private static async Task<string> FirstClaimOfAsync(NpgsqlDataSource database, string study, string worker)
    {
        using var limit = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            await using var command = database.CreateCommand(
                "SELECT id FROM study_trials WHERE study = $1 AND worker LIKE $2 AND state = 'claimed' LIMIT 1"
            );
            command.Parameters.Add(new NpgsqlParameter { Value = study });
            command.Parameters.Add(new NpgsqlParameter { Value = worker + ":%" });
            try
            {
                if (await command.ExecuteScalarAsync(limit.Token) is string id)
                {
                    return id;
                }
            }
            catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UndefinedTable) { }

            await Task.Delay(2, limit.Token);
        }
    }

    private static async Task<
        List<(string Id, string Configuration, int Repetition, string State, string Worker)>
    > RowsAsync(NpgsqlDataSource database, string study)
    {
        await using var command = database.CreateCommand(
            "SELECT id, configuration, repetition, state, worker FROM study_trials WHERE study = $1"
        );
        command.Parameters.Add(new NpgsqlParameter { Value = study });
        await using var reader = await command.ExecuteReaderAsync();
        var rows = new List<(string, string, int, string, string)>();
        while (await reader.ReadAsync())
        {
            rows.Add(
                (reader.GetString(0), reader.GetString(1), reader.GetInt32(2), reader.GetString(3), reader.GetString(4))
            );
        }

        return rows;
    }

    /// <summary>A finished study of this problem from an earlier run would turn these workers into re-checks.</summary>
    private static async Task ForgetEarlierRunsAsync(NpgsqlDataSource database)
    {
        await using var store = await TrialStoreFactory.OpenPostgresAsync(
            PostgresConnectionString.From(PostgresFactAttribute.ConnectionString!, "--store"),
            CancellationToken.None
        );
        foreach (
            var sql in new[]
            {
                "DELETE FROM study_trials WHERE study LIKE $1",
                "DELETE FROM studies WHERE name LIKE $1",
            }
        )
        {
            await using var command = database.CreateCommand(sql);
            command.Parameters.Add(new NpgsqlParameter { Value = Prefix + "%" });
            await command.ExecuteNonQueryAsync();
        }
    }
}
