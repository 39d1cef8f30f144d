using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Http;

/// <summary>Requests that came in over HTTP, waiting for the engine (callers hold the live engine's lock).</summary>
internal sealed class ExternalArrivals : IArrivalSource
{
    private readonly Queue<PendingRequest> waiting = new();

    public int Count => waiting.Count;

    public void Add(PendingRequest request) => waiting.Enqueue(request);

    public bool TryPeek(double now, out PendingRequest request) => waiting.TryPeek(out request);

    public void Pop() => waiting.Dequeue();

    /// <summary>Drops a request that has not started; false when it is not waiting.</summary>
    public bool Remove(long id)
    {
        var count = waiting.Count;
        var kept = waiting.Where(r => r.Id != id).ToList();
        if (kept.Count == count)
        {
            return false;
        }

        waiting.Clear();
        kept.ForEach(waiting.Enqueue);
        return true;
    }

    public double NextArrivalTime(double now) => waiting.Count > 0 ? now : double.PositiveInfinity;

    public void OnCompleted(double now) { }

    public int ArrivedBetween(double from, double to) => 0;
}
