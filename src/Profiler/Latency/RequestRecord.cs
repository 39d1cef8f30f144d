using System.Collections.Immutable;

namespace MLEnergy.Profiler.Latency;

/// <summary>
/// One streamed request as the client saw it. Times are offsets from the load run's origin; <see cref="Gaps"/> holds
/// the time between consecutive chunks with generated text after the first (a chunk holding several tokens is one
/// gap; <see cref="InterTokenLatencies"/> turns them into the gaps between tokens). <see cref="OutputTokens"/> is the
/// server's own count when it sent one. A request that failed carries its <see cref="Error"/>.
/// </summary>
public sealed record RequestRecord(
    TimeSpan Start,
    TimeSpan End,
    TimeSpan? TimeToFirstToken,
    ImmutableArray<TimeSpan> Gaps,
    int OutputTokens
)
{
    public string? Error { get; init; }

    /// <summary>The generated text, kept only when asked for (output verification).</summary>
    public string? Text { get; init; }

    /// <summary>The server sent no token count: <see cref="OutputTokens"/> counts chunks with text instead.</summary>
    public bool TokensEstimated { get; init; }

    public bool Succeeded => Error is null;

    public TimeSpan EndToEnd => End - Start;

    /// <summary>Time per output token after the first; null for fewer than two tokens.</summary>
    public TimeSpan? TimePerOutputToken =>
        TimeToFirstToken is { } ttft && OutputTokens > 1 ? (EndToEnd - ttft) / (OutputTokens - 1) : null;

    /// <summary>
    /// The inter-token latency samples of this request: every gap between two streamed tokens. A chunk with text after
    /// the first adds its gap since the previous one; every further token a chunk carried (<see cref="OutputTokens"/>
    /// beyond the chunks) arrived together with the token before it and adds a gap of zero, as the ML.ENERGY
    /// benchmark's client and the simulator count a chunk of several tokens. Which chunk held the extra tokens is not
    /// known, and does not change the samples: <c>OutputTokens − 1</c> of them when the server's count is at least
    /// the chunks with text.
    /// </summary>
    public IEnumerable<TimeSpan> InterTokenLatencies()
    {
        var together = TimeToFirstToken is null ? 0 : OutputTokens - (Gaps.Length + 1);
        return together > 0 ? Gaps.Concat(Enumerable.Repeat(TimeSpan.Zero, together)) : Gaps;
    }

    /// <summary>
    /// The output tokens that arrived within [<paramref name="from"/>, <paramref name="to"/>]: every chunk with text
    /// carries an equal share of <see cref="OutputTokens"/>, so multi-token chunks count in full.
    /// </summary>
    public double TokensBetween(TimeSpan from, TimeSpan to)
    {
        var chunks = Gaps.Length + 1;
        var inside = TokenTimes().Count(t => t >= from && t <= to);
        return inside == chunks ? OutputTokens : (double)OutputTokens * inside / chunks;
    }

    /// <summary>When each chunk with generated text arrived, as offsets from the run's origin.</summary>
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
