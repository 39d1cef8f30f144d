namespace MLEnergy.Simulation.Load;

/// <summary>Open-loop arrivals at a fixed mean rate with exponential gaps.</summary>
internal sealed class PoissonArrivals : IArrivalSource
{
    private readonly RequestFactory factory;
    private readonly Random random;
    private readonly double rate;
    private readonly Queue<PendingRequest> arrived = new();
    private readonly List<double> arrivalTimes = [];
    private double nextTime;

    public PoissonArrivals(RequestFactory factory, double requestsPerSecond, Random random)
    {
        this.factory = factory;
        this.random = random;
        rate = requestsPerSecond;
        nextTime = Gap();
    }

    public bool TryPeek(double now, out PendingRequest request)
    {
        while (nextTime <= now)
        {
            arrived.Enqueue(factory.Create(nextTime));
            arrivalTimes.Add(nextTime);
            nextTime += Gap();
        }

        return arrived.TryPeek(out request);
    }

    public void Pop() => arrived.Dequeue();

    public double NextArrivalTime(double now) => arrived.TryPeek(out var head) ? head.ArrivalTime : nextTime;

    public void OnCompleted(double now) { }

    public int ArrivedBetween(double from, double to)
    {
        TryPeek(to, out _);
        return arrivalTimes.Count(t => t > from && t <= to);
    }

    private double Gap() => -Math.Log(1.0 - random.NextDouble()) / rate;
}
