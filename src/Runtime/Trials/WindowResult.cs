using MLEnergy.Profiler.Latency;

namespace MLEnergy.Runtime.Trials;

/// <summary>
/// One steady-state window: the requests that started and finished inside it, every token streamed inside it (from
/// any request), the requests that failed inside it, and the GPU energy over exactly it. Under a rate-driven load it
/// also counts the requests due inside it and those that finished inside it, whenever they started.
/// </summary>
public sealed record WindowResult(IReadOnlyList<RequestRecord> Requests, long Tokens, int Failed, WindowEnergy Energy)
{
    public TimeSpan Elapsed => Energy.Elapsed;

    /// <summary>Cuts a run's records to the window [start, end] (offsets from the run's origin).</summary>
    public static WindowResult Cut(
        IReadOnlyList<RequestRecord> records,
        TimeSpan start,
        TimeSpan end,
        WindowEnergy energy,
        IReadOnlyList<TimeSpan>? offered = null
    )
    {
        var inside = records.Where(r => r.Start >= start && r.End <= end).ToList();
        var load = offered is { Count: > 0 }
            ? new OfferedLoad(
                offered.Count(t => t > start && t <= end),
                records.Count(r => r.End > start && r.End <= end)
            )
            : null;
        var tokens = (long)Math.Round(records.Sum(r => r.TokensBetween(start, end)));
        return new WindowResult([.. inside.Where(r => r.Succeeded)], tokens, inside.Count(r => !r.Succeeded), energy)
        {
            FirstError = inside.FirstOrDefault(r => !r.Succeeded)?.Error,
            Offered = load,
        };
    }

    public string? FirstError { get; init; }

    /// <summary>Requests due and finished inside the window under a rate-driven load; null otherwise.</summary>
    public OfferedLoad? Offered { get; init; }
}
