using System.Collections.Immutable;
using MLEnergy.Profiler.Latency;
using MLEnergy.Runtime.Trials.Validity;

namespace MLEnergy.Runtime.Trials;

/// <summary>
/// One steady-state window: the requests that finished inside it, whenever they started (as the simulator's window
/// counts them), every token streamed inside it (from any request), the requests that failed inside it, and the GPU
/// energy over exactly it. Under a rate-driven load it also counts the requests due inside it. A request that started
/// before the window belongs to it: counting only those that also started inside leaves out a request of duration D
/// with odds D / window, the long ones most, so that the latencies, the mean output length (energy per request) and
/// the requests a second all read low (README, "Which requests a window holds").
/// </summary>
public sealed record WindowResult(IReadOnlyList<RequestRecord> Requests, long Tokens, int Failed, WindowEnergy Energy)
{
    public TimeSpan Elapsed => Energy.Elapsed;

    /// <summary>Cuts a run's records to the window (start, end] (offsets from the run's origin).</summary>
    public static WindowResult Cut(
        IReadOnlyList<RequestRecord> records,
        TimeSpan start,
        TimeSpan end,
        WindowEnergy energy,
        IReadOnlyList<TimeSpan>? offered = null
    )
    {
        var inside = records.Where(r => Finished(r, start, end)).ToList();
        var load = offered is { Count: > 0 }
            ? new OfferedLoad(offered.Count(t => t > start && t <= end), inside.Count)
            {
                EachSecond = EachSecond(offered, start, end),
            }
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

    /// <summary>How late a rate-driven load sent the requests due inside the window; null for a closed loop.</summary>
    public SendLateness? Lateness { get; init; }

    /// <summary>Mean running requests over the window (the server's gauge, else the load generator's).</summary>
    public double? RunningBatch { get; init; }

    public string RunningBatchSource { get; init; } = "the load generator";

    /// <summary>The mean share of the server's KV cache in use over the window (its gauge); null without it.</summary>
    public double? KvShare { get; init; }

    /// <summary>The highest running batch the server's gauge was sampled at over the window; null without it.</summary>
    public double? PeakRunningBatch { get; init; }

    /// <summary>Mean requests waiting in the server's queue over the window (its gauge); null where unknown.</summary>
    public double? ServerWaiting { get; init; }

    /// <summary>The serving GPUs read back at the end of the window; empty without GPU telemetry.</summary>
    public ImmutableArray<GpuCheck> Gpus { get; init; } = [];

    /// <summary>The mean number of requests in flight over [start, end], from the load generator's records.</summary>
    public static double InFlight(IReadOnlyList<RequestRecord> records, TimeSpan start, TimeSpan end)
    {
        var length = (end - start).TotalSeconds;
        return length <= 0
            ? 0
            : records.Sum(r => Math.Max(0, (Min(r.End, end) - Max(r.Start, start)).TotalSeconds)) / length;
    }

    /// <summary>Of the requests due in (start, end], those due in each whole second from start.</summary>
    private static int[] EachSecond(IReadOnlyList<TimeSpan> offered, TimeSpan start, TimeSpan end)
    {
        var counts = new int[(int)Math.Floor((end - start).TotalSeconds)];
        foreach (var due in offered)
        {
            var second = (int)Math.Floor((due - start).TotalSeconds);
            if (due > start && second < counts.Length)
            {
                counts[second]++;
            }
        }

        return counts;
    }

    /// <summary>The request ended inside (start, end]: the one rule for which requests a window holds.</summary>
    public static bool Finished(RequestRecord record, TimeSpan start, TimeSpan end) =>
        record.End > start && record.End <= end;

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;

    private static TimeSpan Max(TimeSpan a, TimeSpan b) => a > b ? a : b;
}
