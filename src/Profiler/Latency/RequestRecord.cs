using System.Collections.Immutable;

namespace MLEnergy.Profiler.Latency;

/// <summary>
/// One streamed request as the client saw it. Times are offsets from the load run's origin; <see cref="Gaps"/> holds
/// every inter-token time after the first token. A request that failed carries its <see cref="Error"/>.
/// </summary>
public sealed record RequestRecord(TimeSpan Start, TimeSpan End, TimeSpan? TimeToFirstToken, ImmutableArray<TimeSpan> Gaps, int OutputTokens)
{
    public string? Error { get; init; }

    /// <summary>The generated text, kept only when asked for (output verification).</summary>
    public string? Text { get; init; }

    public bool Succeeded => Error is null;

    public TimeSpan EndToEnd => End - Start;

    /// <summary>Time per output token after the first; null for fewer than two tokens.</summary>
    public TimeSpan? TimePerOutputToken => TimeToFirstToken is { } ttft && OutputTokens > 1
        ? (EndToEnd - ttft) / (OutputTokens - 1)
        : null;

    /// <summary>When each token arrived, as offsets from the run's origin.</summary>
    public IEnumerable<TimeSpan> TokenTimes()
    {
        if (TimeToFirstToken is not { } ttft)
        {
            yield break;
        }

        var at = Start + ttft;
        yield return at;
        foreach (var gap in Gaps)
        {
            at += gap;
            yield return at;
        }
    }

    public static RequestRecord Failed(TimeSpan start, TimeSpan end, string error) =>
        new(start, end, null, [], 0) { Error = error };
}
