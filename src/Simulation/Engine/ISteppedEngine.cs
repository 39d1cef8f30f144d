namespace MLEnergy.Simulation.Engine;

/// <summary>
/// An engine that advances in virtual time step by step: one replica, or data-parallel ranks in lockstep.
/// </summary>
internal interface ISteppedEngine
{
    double Now { get; }

    /// <summary>
    /// Runs one step, or, with nothing to run, idles until the next arrival (at most until
    /// <paramref name="horizon"/>). False when there is nothing to run and nothing will arrive.
    /// </summary>
    bool Step(double horizon);

    /// <summary>Idles until <paramref name="until"/>.</summary>
    void Idle(double until);
}

/// <summary>Runs an <see cref="ISteppedEngine"/> over a stretch of virtual time.</summary>
internal static class SteppedEngineRun
{
    /// <summary>Runs steps until virtual time reaches <paramref name="end"/> or no request will ever come.</summary>
    public static void RunUntil(this ISteppedEngine engine, double end, CancellationToken cancellationToken)
    {
        var checks = 0;
        while (engine.Now < end)
        {
            if ((++checks & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (!engine.Step(end))
            {
                engine.Idle(end);
                return;
            }
        }
    }
}
