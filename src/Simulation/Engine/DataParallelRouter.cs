using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Engine;

/// <summary>
/// How vLLM's front end sends the requests of one data-parallel server to its ranks (the load-balancing client of
/// vLLM 0.11, DPLBAsyncMPClient in vllm/v1/engine/core_client.py): each API server process routes the requests it
/// accepts on its own, each to the rank with the least 4 × waiting + running requests in that server's view,
/// scanning from the server's start index (ranks × server ÷ servers) so that the first such rank from there wins a
/// tie, and the request stays there (its queue, its KV cache) until it finishes. A server's view is the ranks' counts
/// as the coordinator last published them (every 100 ms), plus, for each request the server itself sent since, the
/// server count added to that rank's waiting requests. Which server accepts a request is the kernel's choice (the
/// servers accept on one shared socket): a seeded draw here. So copies of one prompt sent together seldom meet on a
/// rank, as they would if one front end sent the list in turn.
/// </summary>
internal sealed class DataParallelRouter
{
    /// <summary>vLLM's weight of a waiting request against a running one in a rank's load.</summary>
    public const int WaitingWeight = 4;

    /// <summary>How often vLLM's data-parallel coordinator publishes the ranks' counts to the API servers.</summary>
    public const double PublishSeconds = 0.1;

    private readonly IArrivalSource source;
    private readonly Queue<PendingRequest>[] waiting;
    private readonly Func<int, int> running;
    private readonly int[][] views;
    private readonly int[] starts;
    private readonly Func<int>? accept;
    private double published = double.NegativeInfinity;

    /// <param name="source">The server's requests.</param>
    /// <param name="ranks">Data-parallel ranks.</param>
    /// <param name="running">The sequences a rank runs.</param>
    /// <param name="servers">API server processes (vLLM --api-server-count).</param>
    /// <param name="accept">Which server (from 0) accepts the next request; null = the first server always.</param>
    public DataParallelRouter(
        IArrivalSource source,
        int ranks,
        Func<int, int> running,
        int servers = 1,
        Func<int>? accept = null
    )
    {
        this.source = source;
        this.running = running;
        this.accept = accept;
        waiting = [.. Enumerable.Range(0, ranks).Select(_ => new Queue<PendingRequest>())];
        var count = Math.Max(1, servers);
        views = [.. Enumerable.Range(0, count).Select(_ => new int[ranks])];
        starts = [.. Enumerable.Range(0, count).Select(s => ranks * s / count)];
    }

    /// <summary>The requests sent to one rank: the rank's waiting queue.</summary>
    public IArrivalSource Rank(int rank) => new RankArrivals(this, rank);

    /// <summary>
    /// When the server's next request arrives (now when one waits at some rank); positive infinity when none will.
    /// </summary>
    public double NextArrivalTime(double now) => waiting.Any(q => q.Count > 0) ? now : source.NextArrivalTime(now);

    /// <summary>The server's requests that arrived in the interval (see <see cref="IArrivalSource.ArrivedBetween"/>).
    /// </summary>
    public int ArrivedBetween(double from, double to) => source.ArrivedBetween(from, to);

    private void Route(double now)
    {
        while (source.TryPeek(now, out var request))
        {
            source.Pop();
            if (now - published >= PublishSeconds)
            {
                Publish(now);
            }

            var server = accept is null || views.Length == 1 ? 0 : accept() % views.Length;
            var rank = LeastLoaded(server);
            views[server][rank] += WaitingWeight * views.Length;
            waiting[rank].Enqueue(request);
        }
    }

    private void Publish(double now)
    {
        published = now;
        for (var rank = 0; rank < waiting.Length; rank++)
        {
            var load = (WaitingWeight * waiting[rank].Count) + running(rank);
            foreach (var view in views)
            {
                view[rank] = load;
            }
        }
    }

    private int LeastLoaded(int server)
    {
        var view = views[server];
        var best = starts[server];
        var lowest = int.MaxValue;
        for (var i = 0; i < view.Length; i++)
        {
            var rank = (starts[server] + i) % view.Length;
            if (view[rank] < lowest)
            {
                lowest = view[rank];
                best = rank;
            }
        }

        return best;
    }

    private sealed class RankArrivals(DataParallelRouter router, int rank) : IArrivalSource
    {
        public bool TryPeek(double now, out PendingRequest request)
        {
            router.Route(now);
            return router.waiting[rank].TryPeek(out request);
        }

        public void Pop() => router.waiting[rank].Dequeue();

        public double NextArrivalTime(double now) =>
            router.waiting[rank].Count > 0 ? now : router.source.NextArrivalTime(now);

        public void OnCompleted(double now) => router.source.OnCompleted(now);

        public int ArrivedBetween(double from, double to) => 0;
    }
}
