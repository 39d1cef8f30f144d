using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Engine;

/// <summary>
/// One server of data-parallel attention ranks with expert parallelism (vLLM --data-parallel-size with
/// --enable-expert-parallel) in virtual time. Every rank is an engine of its own: its scheduler, max_num_seqs and
/// token budget, its KV cache in its own GPUs' memory, the requests the front end sent it
/// (<see cref="DataParallelRouter"/>). The ranks step in lockstep, since every mixture-of-experts layer exchanges
/// tokens among all of them (a rank with nothing to run steps a dummy batch): a step lasts as long as the slowest
/// rank's (its attention, its dense layers and its prompt chunks, its host's stalls), and the other ranks' GPUs
/// wait for it inside the exchange, busy as in their own step (its kernels poll for the slowest rank's tokens). Every
/// rank runs its batch padded to the busiest rank's token count (vLLM 0.11's get_dp_padding, CUDA graphs being on),
/// and every GPU's experts run on all ranks' padded tokens (the allgather_reducescatter all-to-all gathers them).
/// One rank's long prompt so holds up every rank's decode and is run, padded, by every rank.
/// </summary>
internal sealed class DataParallelGroup : ISteppedEngine
{
    private readonly ReplicaEngine[] ranks;
    private readonly OperatingPoint[] points;
    private readonly DataParallelRouter router;

    /// <param name="source">The server's requests.</param>
    /// <param name="size">Data-parallel ranks.</param>
    /// <param name="rank">The engine of one rank, given its index and the requests sent to it.</param>
    /// <param name="apiServers">
    /// API server processes routing the requests (see <see cref="DataParallelRouter"/>).
    /// </param>
    /// <param name="accept">Which API server (from 0) accepts the next request; null = the first.</param>
    public DataParallelGroup(
        IArrivalSource source,
        int size,
        Func<int, IArrivalSource, ReplicaEngine> rank,
        int apiServers = 1,
        Func<int>? accept = null
    )
    {
        var engines = new ReplicaEngine[size];
        router = new DataParallelRouter(source, size, r => engines[r].Running, apiServers, accept);
        for (var r = 0; r < size; r++)
        {
            engines[r] = rank(r, router.Rank(r));
        }

        ranks = engines;
        points = new OperatingPoint[size];
    }

    public IReadOnlyList<ReplicaEngine> Ranks => ranks;

    public double Now => ranks[0].Now;

    public long Preemptions => ranks.Sum(r => r.Preemptions);

    /// <summary>The largest share of its KV cache any rank's running sequences held at the start of a step.</summary>
    public double PeakKvShare => ranks.Max(r => r.PeakKvShare);

    /// <summary>The server's requests that arrived in the interval under a rate-driven load.</summary>
    public int ArrivedBetween(double from, double to) => router.ArrivedBetween(from, to);

    /// <summary>
    /// Runs one step of every rank, or, with nothing to run on any, idles until the next arrival (at most until
    /// <paramref name="horizon"/>). False when there is nothing to run and nothing will arrive.
    /// </summary>
    public bool Step(double horizon)
    {
        var busy = false;
        foreach (var rank in ranks)
        {
            busy |= rank.Schedule();
        }

        if (!busy)
        {
            var next = router.NextArrivalTime(Now);
            if (double.IsPositiveInfinity(next))
            {
                return false;
            }

            Idle(Math.Min(Math.Max(next, Now), horizon));
            return true;
        }

        var busiest = 0;
        foreach (var rank in ranks)
        {
            busiest = Math.Max(busiest, rank.PlannedTokens);
        }

        var gathered = busiest * ranks.Length;
        double longest = 0;
        for (var r = 0; r < ranks.Length; r++)
        {
            points[r] = ranks[r].Execute(gathered, gathered, busiest);
            longest = Math.Max(longest, points[r].DurationSeconds);
        }

        for (var r = 0; r < ranks.Length; r++)
        {
            ranks[r].Complete(points[r] with { DurationSeconds = longest });
        }

        return true;
    }

    public void Idle(double until)
    {
        foreach (var rank in ranks)
        {
            rank.Idle(until);
        }
    }
}
