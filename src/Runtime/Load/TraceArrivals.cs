using System.Collections.Immutable;

namespace MLEnergy.Runtime.Load;

/// <summary>A trace of arrivals, replayed from its start and repeated end to end while the trial runs.</summary>
public sealed record TraceArrivals(ImmutableArray<TraceEntry> Entries, string Source) : ArrivalPlan
{
    public TimeSpan Length => Entries.IsEmpty ? TimeSpan.Zero : Entries[^1].Arrival;

    public override string Describe() =>
        FormattableString.Invariant($"trace {Source} ({Entries.Length} requests over {Length.TotalSeconds:0.#} s)");
}
