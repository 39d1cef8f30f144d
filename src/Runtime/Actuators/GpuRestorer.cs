using System.Globalization;
using MLEnergy.Profiler.Nvml;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Locks;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Actuators;

/// <summary>
/// Puts back the GPU settings a journal holds, forgetting each once it is back; failures stay journaled.
/// </summary>
public static class GpuRestorer
{
    public static IReadOnlyList<string> Restore(
        IGpuControl control,
        HostJournal journal,
        HostOriginals? originals = null
    )
    {
        var lines = new List<string>();
        foreach (var entry in journal.Entries.Where(e => e.Kind != JournalEntryKind.ServerProcess))
        {
            var gpu = entry.Gpu ?? -1;
            if (gpu < 0 || gpu >= control.DeviceCount || control.Uuid(gpu) != entry.GpuUuid)
            {
                lines.Add(
                    $"cannot restore '{entry.Description}': GPU {entry.GpuUuid} is no longer gpu{gpu}; set it by hand"
                );
                continue;
            }

            try
            {
                if (entry.Kind == JournalEntryKind.GpuClocks)
                {
                    control.ResetSmClocks(gpu);
                    lines.Add($"gpu{gpu}: SM clocks reset to default");
                }
                else
                {
                    var watts = entry.OriginalPowerLimitWatts ?? control.GetPowerLimitRange(gpu).Maximum.Watts;
                    control.SetPowerLimit(gpu, Power.FromWatts(watts));
                    originals?.Forget(entry.GpuUuid!);
                    lines.Add(
                        string.Create(CultureInfo.InvariantCulture, $"gpu{gpu}: power limit back to {watts:0.###} W")
                    );
                }

                journal.Remove(entry);
            }
            catch (NvmlNoPermissionException)
            {
                lines.Add($"cannot restore '{entry.Description}': no permission; {GpuPermissionException.Fix}");
            }
        }

        return lines;
    }
}
