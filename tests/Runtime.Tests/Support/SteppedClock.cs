namespace MLEnergy.Runtime.Tests.Support;

/// <summary>
/// A clock that only moves when told to, and counts how often it was read, so that a server can hold its next step
/// until the client has taken the time of the last one: replayed streams then time out to the exact millisecond.
/// </summary>
internal sealed class SteppedClock : TimeProvider
{
    private long _ticks;
    private long _reads;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public long Reads => Interlocked.Read(ref _reads);

    public override long GetTimestamp()
    {
        Interlocked.Increment(ref _reads);
        return Interlocked.Read(ref _ticks);
    }

    public void Set(TimeSpan at) => Interlocked.Exchange(ref _ticks, at.Ticks);

    /// <summary>
    /// Waits until the clock was read after <paramref name="reads"/>, <paramref name="limit"/> passed or the wait is
    /// cancelled.
    /// </summary>
    public async Task WaitForReadAfterAsync(long reads, TimeSpan limit, CancellationToken cancellationToken)
    {
        var until = DateTime.UtcNow + limit;
        while (Reads <= reads && DateTime.UtcNow < until && !cancellationToken.IsCancellationRequested)
        {
            await Task.Delay(1, CancellationToken.None);
        }
    }
}
