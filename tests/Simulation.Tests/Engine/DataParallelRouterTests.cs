using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Tests.Engine;

/// <summary>
/// vLLM 0.11's load-balancing front end over data-parallel ranks (DPLBAsyncMPClient): each API server scans the
/// ranks from its own start index (ranks × server ÷ servers), picks the least 4 × waiting + running in its own view,
/// and adds the server count to that rank's waiting requests in its view until the coordinator next publishes the
/// ranks' counts (every 100 ms).
/// </summary>
public sealed class DataParallelRouterTests
{
    [Fact]
    public void EachApiServerRoundRobinsFromItsOwnStartUntilTheCountsArePublished()
    {
        // 8 ranks, 3 servers: starts 0, 2, 5. Servers take requests 1-6 in turn at t = 0: server 0 sends 1 to rank 0
        // and, its view of rank 0 now 4 × 3 = 12, 4 to rank 1; server 1 sends 2 and 5 to ranks 2 and 3; server 2 sends
        // 3 and 6 to ranks 5 and 6. At 0.1 s the coordinator publishes 4 × 1 waiting on those six ranks and 0 on ranks
        // 4 and 7: request 7 (server 0; its own view alone would say rank 2) goes to rank 4.
        var requests = Enumerable
            .Range(1, 7)
            .Select(id => new PendingRequest(id, id <= 6 ? 0 : DataParallelRouter.PublishSeconds, 100, 10))
            .ToList();
        var next = 0;
        var router = new DataParallelRouter(new TraceArrivals(requests), 8, _ => 0, 3, () => next++ % 3);

        router.Rank(0).TryPeek(0, out _).Should().BeTrue("requests 1-6 are routed at t = 0");
        Sent(router, 8, DataParallelRouter.PublishSeconds)
            .Should()
            .BeEquivalentTo(Ids([1], [4], [2], [5], [7], [3], [6], []), o => o.WithStrictOrdering());
    }

    [Fact]
    public void OneServerSendsToTheLeastLoadedRankAsItSawIt()
    {
        // One server, 2 ranks: 1 to rank 0 (its view 4), 2 to rank 1, 3 to rank 0 (4 = 4, the first from 0 wins).
        var requests = Enumerable.Range(1, 3).Select(id => new PendingRequest(id, 0, 100, 10)).ToList();
        var router = new DataParallelRouter(new TraceArrivals(requests), 2, _ => 0);

        Sent(router, 2, 0).Should().BeEquivalentTo(Ids([1, 3], [2]), o => o.WithStrictOrdering());
    }

    private static List<List<long>> Ids(params long[][] ranks) => [.. ranks.Select(r => r.ToList())];

    private static List<List<long>> Sent(DataParallelRouter router, int ranks, double now)
    {
        var sent = new List<List<long>>();
        for (var rank = 0; rank < ranks; rank++)
        {
            var queue = router.Rank(rank);
            var ids = new List<long>();
            while (queue.TryPeek(now, out var request))
            {
                ids.Add(request.Id);
                queue.Pop();
            }

            sent.Add(ids);
        }

        return sent;
    }
}
