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
            await using var finish = new NpgsqlCommand(
                "UPDATE studies SET status = 'finished', finished_at = $1, stop_reason = $2 WHERE name = $3",
                connection
            );
            Add(finish, Now(), reason, study);
            await finish.ExecuteNonQueryAsync(cancellationToken);
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
    public async Task<bool> TryStopAsync(
        string study,
        string reason,
        int finishedSeen,
        CancellationToken cancellationToken
    )
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (status, _) = await LockAsync(connection, study, cancellationToken);
        if (
            status != StudyStatus.Open
            || await CountAsync(connection, "study = $1 AND state = 'done'", cancellationToken, study) != finishedSeen
        )
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await SetStatusAsync(connection, study, "stopping", Now(), reason, cancellationToken);
        await transaction.CommitAsync(cancellationToken);
        await NotifyAsync(study, cancellationToken);
        return true;
    }

    /// <summary>
    /// Opens a stopping study again: the trials that came back after its stop point changed the answer. False when it
    /// is not stopping (another worker reopened or finished it).
    /// </summary>
    public async Task<bool> TryReopenAsync(string study, CancellationToken cancellationToken)
    {
        await using var connection = await source.OpenConnectionAsync(cancellationToken);
        await using var transaction = await connection.BeginTransactionAsync(cancellationToken);
        var (status, _) = await LockAsync(connection, study, cancellationToken);
        if (status != StudyStatus.Stopping)
        {
            await transaction.RollbackAsync(cancellationToken);
            return false;
        }

        await SetStatusAsync(connection, study, "open", null, null, cancellationToken);
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
