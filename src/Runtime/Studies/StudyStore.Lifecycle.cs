using Npgsql;

namespace MLEnergy.Runtime.Studies;

/// <summary>
/// A study's life after its search: finishing, stopping while trials are still being measured, opening again.
/// </summary>
public sealed partial class StudyStore
{
    /// <summary>
    /// Marks the study finished when no live worker holds a claim (stale claims are released) and no released claim
    /// is left unmeasured; false otherwise. After this no trial is claimed, so every worker reads the same finished
    /// trials.
    /// </summary>
    public async Task<bool> TryFinishAsync(
        string study,
        string reason,
        TimeSpan claimTimeout,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (status, _) = await LockAsync(connection, study, cancellationToken);
        var open = status != StudyStatus.Finished;
        await ReleaseStaleAsync(connection, study, claimTimeout, cancellationToken);
        if (
            open
            && (
                await CountAsync(connection, "study = $1 AND state = 'claimed'", cancellationToken, study) > 0
                || await CountAsync(connection, Owed, cancellationToken, study) > 0
            )
        )
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        if (open)
        {
            await SetStatusAsync(connection, study, "finished", Now(), reason, cancellationToken);
        }

        await transaction.CommitAsync(cancellationToken);
        await NotifyAsync(study, cancellationToken);
        return true;
    }

    /// <summary>
    /// Marks an open study stopping: its finished trials, <paramref name="finishedSeen"/> of them, said stop while
    /// others were still being measured (or released unmeasured). False, and nothing changed, when the study is no
    /// longer open or a trial finished since they were read (the caller reads the study again).
    /// </summary>
    public Task<bool> TryStopAsync(
        string study,
        string reason,
        int finishedSeen,
        CancellationToken cancellationToken
    ) =>
        TryMoveAsync(
            study,
            async (connection, status) =>
                status == StudyStatus.Open
                && await CountAsync(connection, "study = $1 AND state = 'done'", cancellationToken, study)
                    == finishedSeen,
            "stopping",
            Now(),
            reason,
            cancellationToken
        );

    /// <summary>
    /// Opens a stopping study again: the trials that came back after its stop point changed the answer. False when it
    /// is not stopping (another worker reopened or finished it).
    /// </summary>
    public Task<bool> TryReopenAsync(string study, CancellationToken cancellationToken) =>
        TryMoveAsync(
            study,
            (_, status) => Task.FromResult(status == StudyStatus.Stopping),
            "open",
            null,
            null,
            cancellationToken
        );

    /// <summary>
    /// Moves the study to <paramref name="to"/> in one transaction holding its row, when <paramref name="may"/> says
    /// so of the locked status; false, and nothing changed, otherwise.
    /// </summary>
    private async Task<bool> TryMoveAsync(
        string study,
        Func<NpgsqlConnection, StudyStatus, Task<bool>> may,
        string to,
        string? since,
        string? reason,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (status, _) = await LockAsync(connection, study, cancellationToken);
        if (!await may(connection, status))
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await SetStatusAsync(connection, study, to, since, reason, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await NotifyAsync(study, cancellationToken);
        return true;
    }

    private static async Task SetStatusAsync(
        NpgsqlConnection connection,
        string study,
        string status,
        string? since,
        string? reason,
        CancellationToken cancellationToken
    )
    {
        await using var update = new NpgsqlCommand(
            "UPDATE studies SET status = $1, finished_at = $2, stop_reason = $3 WHERE name = $4",
            connection
        );
        Add(update, status, since, reason, study);
        await update.ExecuteNonQueryAsync(cancellationToken);
    }
}
