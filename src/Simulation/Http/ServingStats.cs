namespace MLEnergy.Simulation.Http;

/// <summary>
/// What vLLM counts about the requests it serves, in the simulated engine's virtual time: tokens, finished requests by
/// reason, and the latency histograms. Requests in flight are tracked until they end, so memory stays bounded by the
/// requests the server holds. Callers hold the live engine's lock.
/// </summary>
internal sealed class ServingStats
{
    private readonly Dictionary<long, Track> tracks = [];
    private readonly Dictionary<string, long> finished = new(StringComparer.Ordinal);

    public VllmHistogram FirstToken { get; } = new(VllmHistogram.FirstTokenBounds);

    /// <summary>Every gap between two tokens of a request (vLLM's inter-token latency).</summary>
    public VllmHistogram InterToken { get; } = new(VllmHistogram.OutputTokenBounds);

    /// <summary>Each finished request's mean time per output token after the first.</summary>
    public VllmHistogram RequestTimePerOutputToken { get; } = new(VllmHistogram.OutputTokenBounds);

    public VllmHistogram RequestLatency { get; } = new(VllmHistogram.RequestLatencyBounds);

    public long PromptTokens { get; private set; }

    public long GenerationTokens { get; private set; }

    /// <summary>Finished requests by vLLM's <c>finished_reason</c> (stop, length, abort).</summary>
    public IReadOnlyDictionary<string, long> Finished => finished;

    public void Arrived(long id, double arrival, int promptTokens, string finishReason) =>
        tracks[id] = new Track(arrival, promptTokens, finishReason);

    public void Token(long id, double time, bool last)
    {
        if (!tracks.TryGetValue(id, out var track))
        {
            return;
        }

        GenerationTokens++;
        if (track.Tokens == 0)
        {
            PromptTokens += track.PromptTokens;
            FirstToken.Observe(time - track.Arrival);
            track.First = time;
        }
        else
        {
            InterToken.Observe(time - track.Last);
        }

        track.Tokens++;
        track.Last = time;
        if (!last)
        {
            return;
        }

        tracks.Remove(id);
        RequestLatency.Observe(time - track.Arrival);
        if (track.Tokens > 1)
        {
            RequestTimePerOutputToken.Observe((time - track.First) / (track.Tokens - 1));
        }

        Count(track.FinishReason);
    }

    public void Aborted(long id)
    {
        if (tracks.Remove(id))
        {
            Count("abort");
        }
    }

    private void Count(string reason) => finished[reason] = finished.GetValueOrDefault(reason) + 1;

    private sealed class Track(double arrival, int promptTokens, string finishReason)
    {
        public double Arrival { get; } = arrival;

        public int PromptTokens { get; } = promptTokens;

        public string FinishReason { get; } = finishReason;

        public int Tokens { get; set; }

        public double First { get; set; }

        public double Last { get; set; }
    }
}
