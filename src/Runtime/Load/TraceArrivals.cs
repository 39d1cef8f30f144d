using System.Collections.Immutable;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Load;

/// <summary>A trace of arrivals, replayed from its start and repeated end to end while the trial runs.</summary>
public sealed record TraceArrivals(ImmutableArray<TraceEntry> Entries, string Source) : ArrivalPlan
{
    public TimeSpan Length => Entries.IsEmpty ? TimeSpan.Zero : Entries[^1].Arrival;

    /// <summary>Its requests over its span, the rate its repeats run at on average.</summary>
    public override double? StatedRate => Length > TimeSpan.Zero ? Entries.Length / Length.TotalSeconds : null;

    /// <summary>Each entry's arrival, the trace again 1 ms after its last, and so on.</summary>
    public override IEnumerable<TimeSpan> DueTimes()
    {
        if (Entries.IsEmpty)
        {
            yield break;
        }

        for (var offset = TimeSpan.Zero; ; offset += Length + TimeSpan.FromMilliseconds(1))
        {
            foreach (var entry in Entries)
            {
                yield return offset + entry.Arrival;
            }
        }
    }

    public override string Describe() =>
        FormattableString.Invariant(
            $"trace {Source} ({CountText.Of(Entries.Length, "request")} over {Length.TotalSeconds:0.#} s)"
        );
}
