using MLEnergy.Profiler.Meters;
using MLEnergy.Profiler.Windows;
using MLEnergy.Simulation;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Targets.Simulated;

/// <summary>
/// Measures a simulated trial's steady-state window the way a real trial is measured: the profiler's GPU
/// energy meter over a measurement window, reading the simulated NVML counters in virtual time.
/// </summary>
internal static class SimulatedWindowEnergy
{
    public static Energy OfServingGpus(SimulatedTrialResult trial)
    {
        var clock = new VirtualClock(DateTimeOffset.UnixEpoch);
        var serving = trial.Gpus.Where(g => g.Serving).Select(g => g.Index).ToList();
        using var meter = new GpuEnergyMeter(
            new SimulatedHostTelemetry(trial, clock),
            serving,
            clock,
            TimeSpan.FromMilliseconds(100)
        );
        var windows = new MeasurementWindows(meter, clock);
        clock.AdvanceTo(trial.Warmup);
        windows.Begin("steady-state");
        clock.AdvanceTo(trial.Warmup + trial.Window);
        return windows.End("steady-state").TotalEnergy;
    }
}
