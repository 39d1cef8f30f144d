namespace MLEnergy.Simulation.Load;

/// <summary>
/// A request is always waiting. The first <paramref name="inFlightAtStart"/> requests are caught mid-flight
/// so that the engine starts in steady state instead of with one synchronized wave.
/// </summary>
internal sealed class SaturatingArrivals(RequestFactory factory, int inFlightAtStart) : IArrivalSource
{
    private PendingRequest? head;
    private int preAgedLeft = inFlightAtStart;

    public bool TryPeek(double now, out PendingRequest request)
    {
        head ??= preAgedLeft-- > 0 ? factory.CreateInFlight(now) : factory.Create(now);
        request = head.Value;
        return true;
    }

    public void Pop() => head = null;

    public double NextArrivalTime(double now) => now;

    public void OnCompleted(double now) { }

    public int ArrivedBetween(double from, double to) => 0;
}
