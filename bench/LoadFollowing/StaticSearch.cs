using MLEnergy.Simulation;
using MLEnergy.Simulation.Following;
using MLEnergy.Simulation.Http;

namespace MLEnergy.LoadFollowing;

/// <summary>
/// The best static configuration: the least-energy GPU setting of <see cref="GpuGrid"/> (server knobs kept) whose
/// requests arriving in the busiest minute meet the TPOT bound at p99, all of them finished. Each setting serves the
/// busiest minute with the two minutes before it, then a drain.
/// </summary>
public static class StaticSearch
{
    private const int MinutesBefore = 2;
    private const double DrainSeconds = 60;

    /// <summary>The best setting; null when none meets the bound.</summary>
    public static SimulatedGpuSettings? Best(
        SimulatedHost host,
        SimulatedServingConfig config,
        ScaledTrace trace,
        double tpotBoundMs,
        CancellationToken cancellationToken
    )
    {
        var busiest = trace.BusiestMinute * 60.0;
        var from = Math.Max(0, busiest - (MinutesBefore * 60));
        var slice = trace
            .Requests.Where(r => r.TimestampSeconds >= from && r.TimestampSeconds < busiest + 60)
            .Select(r => r with { TimestampSeconds = r.TimestampSeconds - from })
            .ToList();
        var measured = slice.Count(r => r.TimestampSeconds >= busiest - from);
        var end = busiest + 60 - from + DrainSeconds;
        SimulatedGpuSettings? best = null;
        var least = double.PositiveInfinity;
        foreach (var settings in GpuGrid.All())
        {
            var run = new ControlledTraceRun(
                host,
                config with
                {
                    SmClockCapMhz = settings.SmClockCapMhz,
                    PowerLimitWatts = settings.PowerLimitWatts,
                }
            ).Run(slice, end, end, _ => null, cancellationToken);
            var inMinute = run.Requests.Where(r => r.Arrival.TotalSeconds >= busiest - from).ToList();
            var tpots = inMinute
                .Select(r => r.TimePerOutputToken)
                .OfType<TimeSpan>()
                .Select(t => t.TotalMilliseconds)
                .Order()
                .ToList();
            var meets =
                inMinute.Count == measured
                && tpots.Count > 0
                && tpots[Math.Max(0, (int)Math.Ceiling(0.99 * tpots.Count) - 1)] <= tpotBoundMs;
            if (meets && run.EnergyJoules < least)
            {
                least = run.EnergyJoules;
                best = settings;
            }
        }

        return best;
    }
}
