using Npgsql;

namespace MLEnergy.Runtime.Studies;

/// <summary>
/// Wakes a waiting worker as soon as another one finishes a trial, gives a claim back or finishes the study: the
/// worker LISTENs on the studies' channel (<see cref="Channel"/>, the study's name as payload) from a connection of
/// its own, opened before its first read, so that a notice sent while it reads or measures is kept and ends its next
/// wait at once. The poll interval bounds every wait, so a lost notice (a dropped connection) costs one interval.
/// </summary>
public sealed class StudySignal : IAsyncDisposable
{
    public const string Channel = "mlenergy_study";

    private readonly NpgsqlConnection _connection;
    private readonly string _study;
    private readonly TimeProvider _time;
    private bool _signalled;
    private bool _broken;

    private StudySignal(NpgsqlConnection connection, string study, TimeProvider time)
    {
        (_connection, _study, _time) = (connection, study, time);
        _connection.Notification += (_, notice) => _signalled |= notice.Payload == _study;
    }

    public static async Task<StudySignal> ListenAsync(
        NpgsqlDataSource source,
        string study,
        TimeProvider time,
        CancellationToken cancellationToken
    )
    {
        var connection = await source.OpenConnectionAsync(cancellationToken);
        var signal = new StudySignal(connection, study, time);
        await using var listen = new NpgsqlCommand($"LISTEN {Channel}", connection);
        await listen.ExecuteNonQueryAsync(cancellationToken);
        return signal;
    }

    /// <summary>Waits until the study changes (a notice, maybe kept from before) or the timeout passes.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = _time.GetUtcNow() + timeout;
        while (!_signalled && deadline - _time.GetUtcNow() is { TotalMilliseconds: >= 1 } left)
        {
            if (_broken)
            {
                await Task.Delay(left, _time, cancellationToken);
                break;
            }

            try
            {
                if (!await _connection.WaitAsync((int)Math.Ceiling(left.TotalMilliseconds), cancellationToken))
                {
                    break;
                }
            }
            catch (NpgsqlException)
            {
                // The listening connection broke: poll from now on, as before notices.
                _broken = true;
            }
        }

        _signalled = false;
    }

    public ValueTask DisposeAsync() => _connection.DisposeAsync();
}
