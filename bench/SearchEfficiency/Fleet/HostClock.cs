namespace MLEnergy.SearchEfficiency.Fleet;

/// <summary>
/// The study's makespan in host time: how long the study would take on real hosts, where a trial lasts what it
/// reports (<see cref="MLEnergy.Recommender.Observations.Observation.HostTime"/>) and proposing takes no time. The
/// trials are replayed on a virtual clock in the order they started: a trial starts when its worker is free and, at
/// the earliest, when the last trial that finished (in wall time) before it started has finished (in host time),
/// since the proposal may have read that trial. So a worker that waited for another's result waits on the virtual
/// clock too, and a trial is never placed before a result it may have depended on; trials whose results it did not
/// see may still overlap it. The wall time of a run on a shared machine varies with the load (strategy compute,
/// database round trips, threads scheduled late); this does not, for the same trials in the same order.
/// </summary>
public sealed class HostClock(TimeProvider time)
{
    private readonly List<Span> _spans = [];
    private readonly Lock _lock = new();

    /// <summary>The wall-clock timestamp now, to pass to <see cref="Record"/>.</summary>
    public long Now() => time.GetTimestamp();

    public void Record(string worker, long started, long ended, TimeSpan hostTime)
    {
        lock (_lock)
        {
            _spans.Add(new Span(worker, started, ended, hostTime));
        }
    }

    public TimeSpan Makespan()
    {
        List<Span> spans;
        lock (_lock)
        {
            spans = [.. _spans.OrderBy(s => s.Started)];
        }

        var free = new Dictionary<string, TimeSpan>();
        var finished = new List<(long Ended, TimeSpan At)>();
        foreach (var span in spans)
        {
            var seen = finished.Where(f => f.Ended <= span.Started).Select(f => f.At).DefaultIfEmpty().Max();
            var start = free.GetValueOrDefault(span.Worker) is var own && own > seen ? own : seen;
            free[span.Worker] = start + span.HostTime;
            finished.Add((span.Ended, start + span.HostTime));
        }

        return free.Values.DefaultIfEmpty().Max();
    }

    private sealed record Span(string Worker, long Started, long Ended, TimeSpan HostTime);
}
