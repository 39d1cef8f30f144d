using MLEnergy.Profiler.Nvml;
using MLEnergy.Recommender.Reports;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Simulation.Hardware;

namespace MLEnergy.Runtime.Apply;

/// <summary>
/// The GPU facts apply commands need: from this host's GPU 0 through NVML when there is one, else from the GPU data
/// for the run's GPU model, else unknown.
/// </summary>
public static class GpuFactsLookup
{
    public static ApplyGpuFacts For(string? gpuModel, Func<IGpuControl>? openGpus)
    {
        var data = FromData(gpuModel);
        if (openGpus is null)
        {
            return data;
        }

        try
        {
            using var control = openGpus();
            if (control.DeviceCount == 0)
            {
                return data;
            }

            return new ApplyGpuFacts(
                control.GetMinimumSmClock(0).Megahertz,
                data.DefaultPowerLimitWatts ?? control.GetPowerLimitRange(0).Maximum.Watts,
                "NVML gpu0"
            );
        }
        catch (Exception e) when (e is NvmlException or DllNotFoundException or EntryPointNotFoundException)
        {
            return data;
        }
    }

    /// <summary>The facts of a GPU model as the GPU data has them (names as NVML and the data spell them).</summary>
    public static ApplyGpuFacts FromData(string? gpuModel)
    {
        if (gpuModel is null || !GpuCatalog.LoadDefault().TryGet(gpuModel, out var gpu) || gpu is null)
        {
            return ApplyGpuFacts.Unknown;
        }

        return new ApplyGpuFacts(gpu.SmClock.MinMhz, gpu.PowerLimit.DefaultWatts, $"GPU data {gpu.Id}");
    }
}
