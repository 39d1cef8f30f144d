using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Engine;

/// <summary>
/// How vLLM's front end sends the requests of one data-parallel server to its ranks (the load-balancing client of
/// vLLM 0.11): each request, as it arrives, goes to the rank with the least 4 × waiting + running requests, the
/// first such rank in rank order on a tie, and stays there (its queue, its KV cache) until it finishes. The counts
/// are the ranks' own at that moment (vLLM's front end reads them as the coordinator last published them, at most
/// 100 ms old, and counts its own sends in between).
/// </summary>
internal sealed class DataParallelRouter
{
    /// <summary>vLLM's weight of a waiting request against a running one in a rank's load.</summary>
    public const int WaitingWeight = 4;

    private readonly IArrivalSource source;
    private readonly Queue<PendingRequest>[] waiting;
    private readonly Func<int, int> running;

    /// <param name="source">The server's requests.</param>
    /// <param name="ranks">Data-parallel ranks.</param>
    /// <param name="running">The sequences a rank runs.</param>
    public DataParallelRouter(IArrivalSource source, int ranks, Func<int, int> running)
    {
        this.source = source;
        this.running = running;
        waiting = [.. Enumerable.Range(0, ranks).Select(_ => new Queue<PendingRequest>())];
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
            waiting[LeastLoaded()].Enqueue(request);
        }
    }

    private int LeastLoaded()
    {
        var best = 0;
        var lowest = int.MaxValue;
        for (var rank = 0; rank < waiting.Length; rank++)
        {
            var load = (WaitingWeight * waiting[rank].Count) + running(rank);
            if (load < lowest)
            {
                lowest = load;
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
