namespace MLEnergy.Simulation.Load;

/// <summary>
/// The API servers' event loops while they run the multimodal processor on requests sent all at once, as vLLM 0.11
/// does: its <c>AsyncLLM.add_request</c> runs the processor (image resize, rescale, normalize, patchify; a video's
/// frames the same) synchronously on the loop's one thread, so each server takes its share of the request list one
/// request at a time, <see cref="SecondsPerRequest"/> each, in list order (request i on server i mod
/// <see cref="Servers"/>; the benchmark's client sends them all at once: request rate ∞, no max_concurrency, an HTTP
/// connector without a connection limit, <c>mlenergy/benchmark/llm/benchmark.py</c>). A request reaches the engine
/// when its server has processed it, and while a server's loop is busy it streams nothing: the tokens that its
/// clients' requests make during one request's processing reach them together when that processing ends, as one long
/// gap and a zero for each further token, as the benchmark counts a chunk. Once every request is processed the loops
/// are free and tokens stream one a chunk again.
/// </summary>
/// <param name="SecondsPerRequest">Processor time of one request's media on the loop.</param>
/// <param name="Servers">API server processes (vLLM --api-server-count), each with a loop of its own.</param>
/// <param name="Requests">Requests sent in all.</param>
internal sealed record ApiServerLoop(double SecondsPerRequest, int Servers, int Requests)
{
    /// <summary>When the <paramref name="index"/>-th request sent (from 0) reaches the engine.</summary>
    public double ArrivalTime(int index) => ((index / Servers) + 1) * SecondsPerRequest;

    /// <summary>When the last request is processed: the loops stream freely from then on.</summary>
    public double BusyUntil => ((Requests + Servers - 1) / Servers) * SecondsPerRequest;

    /// <summary>When a token made at <paramref name="time"/> reaches its client (the end of the processing then
    /// under way; as made once the loops are free).</summary>
    public double DeliveryTime(double time) =>
        time >= BusyUntil ? time : Math.Ceiling(time / SecondsPerRequest) * SecondsPerRequest;

    /// <summary>The loop of this protocol's request list, or null when no request carries media to process.</summary>
    public static ApiServerLoop? For(double secondsPerRequest, int servers, int requests) =>
        secondsPerRequest > 0 && requests > 0 ? new(secondsPerRequest, Math.Max(1, servers), requests) : null;
}
