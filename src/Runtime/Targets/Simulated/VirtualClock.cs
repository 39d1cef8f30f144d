namespace MLEnergy.Runtime.Targets.Simulated;

/// <summary>
/// A clock that moves only when told to: the simulated host's virtual time, for the profiler's meters.
/// </summary>
internal sealed class VirtualClock(DateTimeOffset epoch) : TimeProvider
{
    private TimeSpan _elapsed;

    public TimeSpan Elapsed => _elapsed;

    public override DateTimeOffset GetUtcNow() => epoch + _elapsed;

    public override long GetTimestamp() => _elapsed.Ticks;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public void AdvanceTo(TimeSpan elapsed) =>
        _elapsed =
            elapsed >= _elapsed
                ? elapsed
                : throw new ArgumentOutOfRangeException(nameof(elapsed), "virtual time does not go back");
}
