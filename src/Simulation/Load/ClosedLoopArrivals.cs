namespace MLEnergy.Simulation.Load;

/// <summary>A fixed number of clients; each sends its next request the moment its last one completes.</summary>
internal sealed class ClosedLoopArrivals : IArrivalSource
{
    private readonly RequestFactory factory;
    private readonly Queue<PendingRequest> waiting = new();

    public ClosedLoopArrivals(RequestFactory factory, int clients)
    {
        this.factory = factory;
        for (var i = 0; i < clients; i++)
        {
            waiting.Enqueue(factory.CreateInFlight(0));
        }
    }

    public bool TryPeek(double now, out PendingRequest request) => waiting.TryPeek(out request);

    public void Pop() => waiting.Dequeue();

    public double NextArrivalTime(double now) => waiting.Count > 0 ? now : double.PositiveInfinity;

    public void OnCompleted(double now) => waiting.Enqueue(factory.Create(now));

    public int ArrivedBetween(double from, double to) => 0;
}
