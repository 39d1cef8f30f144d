namespace MLEnergy.Profiler.Bench;

/// <summary>
/// A clock that moves one second every time it is read, so every window is long enough to be counted.
/// </summary>
internal sealed class SteppingTimeProvider : TimeProvider
{
    private long _ticks = DateTimeOffset.UnixEpoch.UtcTicks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => Interlocked.Add(ref _ticks, TimeSpan.TicksPerSecond);

    public override DateTimeOffset GetUtcNow() => new(Interlocked.Read(ref _ticks), TimeSpan.Zero);
}
