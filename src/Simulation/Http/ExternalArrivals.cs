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

    public double NextArrivalTime(double now) => waiting.Count > 0 ? now : double.PositiveInfinity;

    public void OnCompleted(double now)
    {
    }
}
