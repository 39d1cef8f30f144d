namespace MLEnergy.Runtime.Studies;

/// <summary>
/// Beats for one claim while its trial is measured, so that other workers know the worker is alive. A beat that fails
/// (the database briefly unreachable) is skipped: the claim lives on until the timeout, and a result whose claim was
/// released meanwhile is discarded when it is written.
/// </summary>
internal sealed class ClaimHeartbeat : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _beating;

    public ClaimHeartbeat(StudyStore store, StudyClaim claim, TimeSpan interval, TimeProvider time)
    {
        _beating = BeatAsync(store, claim, interval, time, _stop.Token);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _beating;
        }
        catch (OperationCanceledException) { }

        _stop.Dispose();
    }

    private static async Task BeatAsync(
        StudyStore store,
        StudyClaim claim,
        TimeSpan interval,
        TimeProvider time,
        CancellationToken cancellationToken
    )
    {
        while (!cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(interval, time, cancellationToken);
            try
            {
                if (!await store.HeartbeatAsync(claim, cancellationToken))
                {
                    return;
                }
            }
            catch (Npgsql.NpgsqlException) { }
        }
    }
}
