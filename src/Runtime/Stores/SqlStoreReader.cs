using System.Data.Common;
using System.Globalization;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Runtime.Stores;

/// <summary>
/// The store's queries: runs with their trial counts and recommendations, and a run's trials in order.
/// </summary>
internal static class SqlStoreReader
{
    private const string RunsSql =
        "SELECT r.id, r.host_id, r.fingerprint, r.space, r.target, r.model, r.gpu, r.slo, r.folder, r.kind, "
        + "r.status, r.started_at, "
        + "(SELECT count(*) FROM trials t WHERE t.run_id = r.id), "
        + "c.created_at, c.energy_metric, c.latency_metric, c.configuration, c.energy, c.latency, c.savings_percent "
        + "FROM runs r LEFT JOIN recommendations c ON c.run_id = r.id ORDER BY r.started_at, r.id";

    public static async Task<IReadOnlyList<RunSummary>> ListRunsAsync(
        DbConnection connection,
        CancellationToken cancellationToken
    )
    {
        await using var command = connection.CreateCommand();
        command.CommandText = RunsSql;
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var runs = new List<RunSummary>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var run = new RunRecord(
                reader.GetString(0),
                reader.GetString(1),
                reader.GetString(2),
                reader.GetString(3),
                reader.GetString(4),
                Text(reader, 5),
                Text(reader, 6),
                reader.GetString(7),
                reader.GetString(8),
                Enum.Parse<RunKind>(reader.GetString(9)),
                ParseTime(reader.GetString(11))
            );
            var completion = reader.IsDBNull(13)
                ? null
                : new RunCompletion(
                    ParseTime(reader.GetString(13)),
                    reader.GetString(14),
                    reader.GetString(15),
                    Text(reader, 16),
                    Number(reader, 17),
                    Number(reader, 18),
                    Number(reader, 19)
                );
            runs.Add(
                new RunSummary(
                    run,
                    Enum.Parse<RunStatus>(reader.GetString(10)),
                    Convert.ToInt32(reader.GetValue(12), CultureInfo.InvariantCulture),
                    completion
                )
            );
        }

        return runs;
    }

    public static async Task<IReadOnlyList<Observation>> TrialsAsync(
        DbConnection connection,
        string runId,
        CancellationToken cancellationToken
    )
    {
        await using var command = connection.CreateCommand();
        command.CommandText =
            "SELECT configuration_json, metrics_json, feasible, reason, fidelity, host_time_s, verdicts_json, "
            + "power_trace_json, cause, gates_skipped "
            + "FROM trials WHERE run_id = @run ORDER BY number";
        var parameter = command.CreateParameter();
        parameter.ParameterName = "@run";
        parameter.Value = runId;
        command.Parameters.Add(parameter);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var trials = new List<Observation>();
        while (await reader.ReadAsync(cancellationToken))
        {
            var feasible = Convert.ToInt64(reader.GetValue(2), CultureInfo.InvariantCulture) != 0;
            trials.Add(
                ObservationJson.ReadTrial(
                    ObservationJson.ReadConfiguration(reader.GetString(0)),
                    reader.GetString(1),
                    feasible,
                    Text(reader, 3),
                    Text(reader, 8),
                    Enum.Parse<TrialFidelity>(reader.GetString(4)),
                    reader.GetDouble(5),
                    Text(reader, 6),
                    Text(reader, 7),
                    Text(reader, 9)
                )
            );
        }

        return trials;
    }

    private static string? Text(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetString(i);

    private static double? Number(DbDataReader reader, int i) => reader.IsDBNull(i) ? null : reader.GetDouble(i);

    private static DateTimeOffset ParseTime(string text) =>
        DateTimeOffset.Parse(
            text,
            CultureInfo.InvariantCulture,
            DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal
        );
}
