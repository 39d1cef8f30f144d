namespace MLEnergy.Simulation.Load;

/// <summary>
/// The benchmark's request list (see <see cref="BenchmarkProtocol"/>): distinct requests sent repeatedly, all
/// waiting from time zero, in list order. A copy keeps its original's prompt (and prompt key) and draws a response
/// length of its own (the server samples anew). With an <see cref="ApiServerLoop"/>, a request reaches the engine
/// when its API server has run the multimodal processor on it.
/// </summary>
internal sealed class RepeatedRequests(RequestFactory factory, BenchmarkProtocol protocol, ApiServerLoop? loop = null)
    : IArrivalSource
{
    private readonly List<PendingRequest> originals = [];
    private PendingRequest? head;
    private int taken;

    public bool TryPeek(double now, out PendingRequest request)
    {
        if (taken >= protocol.TotalRequests)
        {
            request = default;
            return false;
        }

        head ??= Next();
        request = head.Value;
        return request.ArrivalTime <= now;
    }

    public void Pop()
    {
        head = null;
        taken++;
    }

    public double NextArrivalTime(double now) =>
        taken < protocol.TotalRequests ? Math.Max(now, Arrival(taken)) : double.PositiveInfinity;

    public void OnCompleted(double now) { }

    public int ArrivedBetween(double from, double to) => 0;

    private double Arrival(int index) => loop?.ArrivalTime(index) ?? 0;

    private PendingRequest Next()
    {
        var key = taken % protocol.DistinctRequests;
        var arrival = Arrival(taken);
        if (taken < protocol.DistinctRequests)
        {
            var original = factory.Create(arrival) with { PromptKey = key };
            originals.Add(original);
            return original;
        }

        return factory.CreateCopy(originals[key], arrival);
    }
}
