using MLEnergy.Runtime.Studies;

namespace MLEnergy.SearchEfficiency.Fleet;

/// <summary>
/// The study's makespan in host time: how long the study would take on real hosts, where a trial lasts what it
/// reports (<see cref="MLEnergy.Recommender.Observations.Observation.HostTime"/>) and proposing takes no time. The
/// trials are replayed on a virtual clock in the order they were claimed: a trial starts when its worker is free and
/// every finished trial its proposal read (<see cref="ClaimedTrial.FinishedTrialsSeen"/>) has finished, no earlier;
/// trials it did not read may overlap it. So a worker that waited for another's result waits on the virtual clock
/// too, while the time the strategy took to propose, longer on a loaded machine, counts for nothing. The wall time of
/// a run on a shared machine varies with the load; this varies only with what the workers saw.
/// </summary>
public sealed class HostClock : IProgress<ClaimedTrial>
{
    private readonly List<ClaimedTrial> _claims = [];
    private readonly Lock _lock = new();

    public void Report(ClaimedTrial value)
    {
        lock (_lock)
        {
            _claims.Add(value);
        }
    }

    /// <summary>The makespan of the study's finished trials, given in the order they finished.</summary>
    public TimeSpan Makespan(IReadOnlyList<StudyTrial> done) => Replay(done).Makespan;

    /// <summary>When each of the study's finished trials (given in the order they finished) ended on the virtual
    /// clock.</summary>
    public IReadOnlyList<TimeSpan> Finished(IReadOnlyList<StudyTrial> done) => Replay(done).Finished;

    /// <summary>
    /// Where the workers' host time went besides trials: waiting on results (a worker free before the results its
    /// proposal read were in) and the tail (a worker done with its last trial before the study's last one finished).
    /// </summary>
    public HostIdle Idle(IReadOnlyList<StudyTrial> done)
    {
        var replay = Replay(done);
        return new HostIdle(
            replay.Waiting,
            replay.Free.Values.Aggregate(TimeSpan.Zero, (s, f) => s + (replay.Makespan - f))
        );
    }

    private (TimeSpan Makespan, TimeSpan Waiting, Dictionary<string, TimeSpan> Free, TimeSpan[] Finished) Replay(
        IReadOnlyList<StudyTrial> done
    )
    {
        var position = done.Select((t, i) => (Key: Key(t.Observation.Configuration.Key, t.Repetition), i))
            .ToDictionary(p => p.Key, p => p.i);
        var finished = new TimeSpan[done.Count];
        var free = new Dictionary<string, TimeSpan>();
        var waiting = TimeSpan.Zero;
        lock (_lock)
        {
            // A claim given back or released unfinished is not among the study's trials: it is left out.
            foreach (var claimed in _claims)
            {
                if (
                    !position.TryGetValue(
                        Key(claimed.Claim.Trial.Configuration.Key, claimed.Claim.Repetition),
                        out var i
                    )
                )
                {
                    continue;
                }

                var seen = finished.Take(Math.Min(claimed.FinishedTrialsSeen, done.Count)).DefaultIfEmpty().Max();
                var own = free.GetValueOrDefault(claimed.Claim.Worker);
                waiting += seen > own ? seen - own : TimeSpan.Zero;
                finished[i] = (own > seen ? own : seen) + done[i].Observation.HostTime;
                free[claimed.Claim.Worker] = finished[i];
            }
        }

        return (finished.DefaultIfEmpty().Max(), waiting, free, finished);
    }

    private static string Key(string configuration, int repetition) => $"{configuration}#{repetition}";
}
