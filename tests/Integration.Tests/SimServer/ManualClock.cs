namespace MLEnergy.Integration.Tests.SimServer;

/// <summary>
/// Time that moves only when a test fires the timer armed next, so that a live engine that waits for each step's end
/// ends exactly one step at a time; safe to use from the engine's thread and the test's at once.
/// </summary>
internal sealed class ManualClock : TimeProvider
{
    private readonly Lock _gate = new();
    private readonly List<Timer> _timers = [];
    private long _now;

    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp()
    {
        lock (_gate)
        {
            return _now;
        }
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new Timer(this, callback, state);
        timer.Change(dueTime, period);
        return timer;
    }

    /// <summary>
    /// Waits (in real time, at most <paramref name="patience"/>) until a timer is armed, moves time to when it is due
    /// and fires it; false when none was armed in time.
    /// </summary>
    public async Task<bool> FireNextAsync(TimeSpan patience)
    {
        using var giveUp = new CancellationTokenSource(patience);
        while (!giveUp.IsCancellationRequested)
        {
            Timer? next;
            lock (_gate)
            {
                next = _timers.MinBy(t => t.Due);
                if (next is not null)
                {
                    _now = Math.Max(_now, next.Due);
                    _timers.Remove(next);
                }
            }

            if (next is not null)
            {
                next.Fire();
                return true;
            }

            await Task.Delay(5, CancellationToken.None);
        }

        return false;
    }

    /// <summary>Whether a timer is armed: the engine has computed its step and waits for its end.</summary>
    public bool Armed
    {
        get
        {
            lock (_gate)
            {
                return _timers.Count > 0;
            }
        }
    }

    private sealed class Timer(ManualClock clock, TimerCallback callback, object? state) : ITimer
    {
        public long Due { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
                if (dueTime != Timeout.InfiniteTimeSpan)
                {
                    Due = clock._now + dueTime.Ticks;
                    clock._timers.Add(this);
                }
            }

            return true;
        }

        public void Fire() => callback(state);

        public void Dispose()
        {
            lock (clock._gate)
            {
                clock._timers.Remove(this);
            }
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
