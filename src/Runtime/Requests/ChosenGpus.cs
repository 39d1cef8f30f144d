using MLEnergy.Profiler.Nvml;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Requests;

/// <summary>
/// The GPUs a command will change: those chosen, or every GPU the control counts. Each is checked before anything is
/// locked or changed: one that is not there, and one the driver gives no handle for (GPU_IS_LOST, NO_PERMISSION), is
/// refused in one line naming it, never met later as a bare NVML error.
/// </summary>
public static class ChosenGpus
{
    /// <param name="control">The GPUs.</param>
    /// <param name="chosen">The GPUs asked for; empty for all.</param>
    /// <param name="option">Where they are chosen (<c>--gpus</c>, <c>trial.gpus</c>).</param>
    /// <param name="who">What needs them (<c>apply</c>, <c>the run</c>).</param>
    /// <param name="where">Whose GPUs they are (<c>this host</c>, <c>the target</c>).</param>
    /// <param name="prefix">What the line begins with (a space file's path and a colon), if anything.</param>
    public static IReadOnlyList<int> Pick(
        IGpuControl control,
        IReadOnlyList<int> chosen,
        string option,
        string who,
        string where,
        string prefix = ""
    )
    {
        IReadOnlyList<int> gpus = chosen.Count == 0 ? [.. Enumerable.Range(0, control.DeviceCount)] : chosen;
        if (gpus.FirstOrDefault(i => i < 0 || i >= control.DeviceCount, -1) is var bad and >= 0)
        {
            throw new TargetException(
                $"{prefix}{option} names gpu{bad}, but {where} has {CountText.Of(control.DeviceCount, "GPU")}"
            );
        }

        foreach (var gpu in gpus)
        {
            try
            {
                _ = control.Uuid(gpu);
            }
            catch (NvmlException e)
            {
                var leaveOut = chosen.Count == 0 ? $" ({option} can leave it out)" : "";
                throw new TargetException(
                    $"{prefix}{who} needs gpu{gpu}, which the driver cannot reach: {e.Message}{leaveOut}",
                    e
                );
            }
        }

        return gpus;
    }
}
