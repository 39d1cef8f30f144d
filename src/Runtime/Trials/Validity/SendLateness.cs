using System.Collections.Immutable;
using MLEnergy.Runtime.Load;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Trials.Validity;

/// <summary>
/// How late a rate-driven load sent the requests due in a trial's steady-state window(s): each one's lateness (send
/// start minus due time, MLPerf LoadGen's issue delay) and the bound past which a request counts as late. A request
/// due inside the window that the sender had not sent by the window's end counts as late by the time it had waited.
/// The simulated host draws its arrivals in virtual time, where none is ever late: the gate has nothing to read there.
/// </summary>
public sealed record SendLateness(ImmutableArray<TimeSpan> Latenesses, TimeSpan Bound)
{
    /// <summary>Requests due in the window(s).</summary>
    public int Due => Latenesses.Length;

    /// <summary>Of <see cref="Due"/>, those sent more than <see cref="Bound"/> after their due time.</summary>
    public int Late => Latenesses.Count(l => l > Bound);

    /// <summary><see cref="Late"/> over <see cref="Due"/>; 0 when none was due.</summary>
    public double LateShare => Due == 0 ? 0 : (double)Late / Due;

    /// <summary>The 99th percentile of the latenesses (nearest rank); zero when none was due.</summary>
    public TimeSpan P99
    {
        get
        {
            if (Due == 0)
            {
                return TimeSpan.Zero;
            }

            var sorted = Latenesses.Sort();
            return sorted[Math.Max(0, (int)Math.Ceiling(0.99 * Due) - 1)];
        }
    }

    /// <summary>
    /// The one rule: the load generator fell behind its schedule when more than
    /// <see cref="ValidityThresholds.MaxLateShare"/> of the requests due in the window were sent late.
    /// </summary>
    public bool FellBehind(ValidityThresholds thresholds) => LateShare > thresholds.MaxLateShare;

    /// <summary>The cause of an invalid trial, in one line with its figures.</summary>
    public string Describe() =>
        FormattableString.Invariant($"the load generator fell behind its schedule: {LateShare * 100:0.#} % of ")
        + $"{CountText.Of(Due, "request")} due in the window sent over "
        + FormattableString.Invariant($"{Bound.TotalMilliseconds:0} ms late (p99 {P99.TotalMilliseconds:0} ms); ")
        + "the client machine may be overloaded";

    /// <summary>
    /// How late a request may go out before it counts as late, in time: the larger of
    /// <see cref="ValidityThresholds.LateSendFloor"/> and <see cref="ValidityThresholds.LateSendOfMeanGap"/> times the
    /// stated rate's mean gap between arrivals (the floor alone where the load states no rate).
    /// </summary>
    public static TimeSpan BoundFor(double? statedRate, ValidityThresholds thresholds)
    {
        if (statedRate is not { } rate || rate <= 0)
        {
            return thresholds.LateSendFloor;
        }

        var ofGap = TimeSpan.FromSeconds(thresholds.LateSendOfMeanGap / rate);
        return ofGap > thresholds.LateSendFloor ? ofGap : thresholds.LateSendFloor;
    }

    /// <summary>
    /// The latenesses of the requests <paramref name="schedule"/> has due in the window (start, end]: the n-th due time
    /// is the n-th send (one sender sends them in order); one not sent by the window's end is late by the time it has
    /// waited, so a sender stuck through the window reads as behind however few it sent.
    /// </summary>
    public static SendLateness Of(
        IReadOnlyList<ScheduledSend> sends,
        IEnumerable<TimeSpan> schedule,
        TimeSpan start,
        TimeSpan end,
        TimeSpan bound
    )
    {
        var latenesses = ImmutableArray.CreateBuilder<TimeSpan>();
        foreach (var (due, n) in schedule.TakeWhile(d => d <= end).Select((d, n) => (d, n)))
        {
            if (due > start)
            {
                latenesses.Add(n < sends.Count ? sends[n].Lateness : end - due);
            }
        }

        return new SendLateness(latenesses.ToImmutable(), bound);
    }

    /// <summary>The windows of one trial as one: their requests together, under the same bound.</summary>
    public static SendLateness? Pool(IEnumerable<SendLateness?> windows)
    {
        var all = windows.ToList();
        return all.Count == 0 || all.Any(w => w is null)
            ? null
            : new SendLateness([.. all.SelectMany(w => w!.Latenesses)], all.Max(w => w!.Bound));
    }
}
