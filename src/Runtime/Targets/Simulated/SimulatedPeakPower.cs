using MLEnergy.Simulation;
using MLEnergy.Simulation.Telemetry;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Targets.Simulated;

/// <summary>
/// The highest power one serving GPU of a simulated trial drew over its steady-state window, read from the simulated
/// telemetry at its finest interval (<see cref="PowerTimeline.TickSeconds"/>, 10 ms): the peak that a power limit is
/// held against, where the window's average sits far under it whenever the load leaves the GPUs idle between bursts.
/// </summary>
internal static class SimulatedPeakPower
{
    public static Power OfServingGpus(SimulatedTrialResult trial)
    {
        var start = trial.Warmup.TotalSeconds;
        var ticks = (int)Math.Round(trial.Window.TotalSeconds / PowerTimeline.TickSeconds);
        var peak = 0.0;
        foreach (var gpu in trial.Gpus.Where(g => g.Serving))
        {
            var telemetry = trial.Telemetry(gpu.Index);
            for (var tick = 0; tick < ticks; tick++)
            {
                var at = TimeSpan.FromSeconds(start + ((tick + 0.5) * PowerTimeline.TickSeconds));
                peak = Math.Max(peak, telemetry.InstantPowerWatts(at));
            }
        }

        return Power.FromWatts(peak);
    }
}
