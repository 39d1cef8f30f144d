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

    /// <summary>Requests that have arrived by <paramref name="now"/> and not been taken (the server's queue).</summary>
    public int WaitingAt(double now)
    {
        int low = next,
            high = requests.Count;
        while (low < high)
        {
            var middle = low + ((high - low) / 2);
            if (requests[middle].ArrivalTime <= now)
            {
                low = middle + 1;
            }
            else
            {
                high = middle;
            }
        }

        return low - next;
    }

    public double NextArrivalTime(double now) =>
        next < requests.Count ? requests[next].ArrivalTime : double.PositiveInfinity;

    public void OnCompleted(double now) { }

    public int ArrivedBetween(double from, double to) =>
        requests.Count(r => r.ArrivalTime > from && r.ArrivalTime <= to);
}
