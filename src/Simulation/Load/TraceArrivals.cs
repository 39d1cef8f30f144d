namespace MLEnergy.Simulation.Load;

/// <summary>Replays a trace's requests at their timestamps.</summary>
internal sealed class TraceArrivals(IReadOnlyList<PendingRequest> requests) : IArrivalSource
{
    private int next;

    public bool TryPeek(double now, out PendingRequest request)
    {
        if (next < requests.Count && requests[next].ArrivalTime <= now)
        {
            request = requests[next];
            return true;
        }

        request = default;
        return false;
    }

    public void Pop() => next++;

    public double NextArrivalTime(double now) =>
        next < requests.Count ? requests[next].ArrivalTime : double.PositiveInfinity;

    public void OnCompleted(double now) { }

    public int ArrivedBetween(double from, double to) =>
        requests.Count(r => r.ArrivalTime > from && r.ArrivalTime <= to);
}
