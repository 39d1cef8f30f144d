using MLEnergy.Profiler.Meters;
using MLEnergy.Profiler.Windows;

namespace MLEnergy.Runtime.Trials;

/// <summary>Energy from the profiler's meters (NVML energy counters) over a measurement window.</summary>
public sealed class MeterEnergyWindow(MeasurementWindows windows) : IWindowEnergy
{
    private const string Name = "steady-state";

    public Task BeginAsync(CancellationToken cancellationToken)
    {
        windows.Cancel(Name);
        windows.Begin(Name);
        return Task.CompletedTask;
    }

    public Task<WindowEnergy> EndAsync(CancellationToken cancellationToken)
    {
        var measurement = windows.End(Name);
        var gpus = measurement.Sources.Count(s => s.Source.Kind == EnergySourceKind.Gpu);
        return Task.FromResult(
            new WindowEnergy(
                measurement.Total(EnergySourceKind.Gpu) ?? measurement.TotalEnergy,
                gpus,
                measurement.Elapsed
            )
        );
    }
}
