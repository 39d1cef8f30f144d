using MLEnergy.Simulation;
using MLEnergy.Simulation.Following;
using MLEnergy.Simulation.Load;

namespace MLEnergy.LoadFollowing;

/// <summary>
/// A configuration's capacity for a trace's length mix: its saturated throughput in requests/s, with every request of
/// the trace waiting from the start (in the trace's order) and completions counted after a warm-up.
/// </summary>
public static class CapacityProbe
{
    private const double WarmupSeconds = 60;
    private const double WindowSeconds = 240;

    public static double RequestsPerSecond(
        SimulatedHost host,
        SimulatedServingConfig config,
        IReadOnlyList<TraceRequest> trace,
        CancellationToken cancellationToken
    )
    {
        var waiting = trace.Select(r => r with { TimestampSeconds = 0 }).ToList();
        var end = WarmupSeconds + WindowSeconds;
        var run = new ControlledTraceRun(host, config).Run(waiting, end, end, _ => null, cancellationToken);
        var finished = run.Requests.Count(r => (r.Arrival + r.EndToEnd).TotalSeconds > WarmupSeconds);
        return finished / WindowSeconds;
    }
}
