namespace MLEnergy.Simulation.Load;

/// <summary>Where one engine replica's requests come from; the engine's waiting queue is the source's head.</summary>
internal interface IArrivalSource
{
    /// <summary>The oldest request that has arrived by <paramref name="now"/>, without taking it.</summary>
    bool TryPeek(double now, out PendingRequest request);

    /// <summary>Takes the request last returned by <see cref="TryPeek"/>.</summary>
    void Pop();

    /// <summary>When the next request arrives (at or before now when one waits); +∞ when none will.</summary>
    double NextArrivalTime(double now);

    /// <summary>A request completed at <paramref name="now"/> (closed-loop clients send their next one).</summary>
    void OnCompleted(double now);

    /// <summary>
    /// How many requests arrived in (<paramref name="from"/>, <paramref name="to"/>] under a rate-driven load,
    /// whether or not the engine took them; zero for closed loops, which offer no rate.
    /// </summary>
    int ArrivedBetween(double from, double to);
}
