namespace MLEnergy.Simulation.Load;

/// <summary>
/// The benchmark's request list (see <see cref="BenchmarkProtocol"/>): distinct requests sent repeatedly, all
/// waiting from time zero, in list order. A copy keeps its original's prompt (and prompt key) and draws a response
/// length of its own (the server samples anew).
/// </summary>
internal sealed class RepeatedRequests(RequestFactory factory, BenchmarkProtocol protocol) : IArrivalSource
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
        return true;
    }

    public void Pop()
    {
        head = null;
        taken++;
    }

    public double NextArrivalTime(double now) => taken < protocol.TotalRequests ? now : double.PositiveInfinity;

    public void OnCompleted(double now) { }

    public int ArrivedBetween(double from, double to) => 0;

    private PendingRequest Next()
    {
        var key = taken % protocol.DistinctRequests;
        if (taken < protocol.DistinctRequests)
        {
            var original = factory.Create(0) with { PromptKey = key };
            originals.Add(original);
            return original;
        }

        return factory.CreateCopy(originals[key], 0);
    }
}
