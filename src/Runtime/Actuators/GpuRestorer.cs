using System.Globalization;
using MLEnergy.Profiler.Nvml;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Locks;
using MLEnergy.Runtime.State;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Actuators;

/// <summary>
/// Puts back the GPU settings a journal holds. Every entry is tried, whatever failed before it; the hardware first,
/// then the journal (an entry that cannot be forgotten, on a full disk, is only set again by the next restore). A
/// failure is one line and the entry stays journaled. Only the entries of the given control's GPUs (this host's
/// NVML, or one sim-server) are its to restore, and of those only the ones <c>only</c> picks where it is given.
/// </summary>
public static class GpuRestorer
{
    /// <summary>How each line about an entry left on the GPU as it was begins.</summary>
    public const string CannotRestore = "cannot restore";

    public static IReadOnlyList<string> Restore(
        IGpuControl control,
        HostJournal journal,
        HostOriginals? originals = null,
        Func<JournalEntry, bool>? only = null
    )
    {
        var lines = new List<string>();
        var entries = journal.Entries.Where(e =>
            e.Kind != JournalEntryKind.ServerProcess
            && e.ControlAddress == control.ControlAddress
            && (only is null || only(e))
        );
        foreach (var entry in entries)
        {
            string done;
            try
            {
                if (IndexOf(control, entry) is not { } gpu)
                {
                    lines.Add($"{CannotRestore} '{entry.Description}': GPU {entry.GpuUuid} is not on this host now");
                    continue;
                }

                done = Put(control, entry, gpu, originals?.SetPowerLimits(entry.GpuUuid!) ?? []);
            }
            catch (NvmlNoPermissionException)
            {
                lines.Add($"{CannotRestore} '{entry.Description}': no permission; {GpuPermissionException.Fix}");
                continue;
            }
            catch (Exception e) when (e is NvmlException or SimulatedGpuException)
            {
                lines.Add($"{CannotRestore} '{entry.Description}': {e.Message}");
                continue;
            }

            try
            {
                done = Forget(originals, entry, done);
                journal.Remove(entry);
                lines.Add(done);
            }
            catch (StateDirectoryException e)
            {
                lines.Add($"{done}, but {e.Message}; it stays journaled and the next restore sets it again");
            }
        }

        return lines;
    }

    /// <summary>
    /// Forgets the original kept host-wide for a limit put back; what was done, with the line saying which file to
    /// remove where it cannot be forgotten (the GPU is back, so only a later run could be misled by it).
    /// </summary>
    private static string Forget(HostOriginals? originals, JournalEntry entry, string done)
    {
        try
        {
            if (entry.Kind == JournalEntryKind.GpuPowerLimit)
            {
                originals?.Forget(entry.GpuUuid!);
            }

            return done;
        }
        catch (IOException e)
        {
            return $"{done}, but {e.Message}";
        }
    }

    /// <summary>
    /// The GPU's index now: the journaled one while it names the same UUID, else wherever that UUID is (a host whose
    /// GPUs were renumbered, one fallen off the bus since); null when no GPU has it. A GPU the driver cannot reach is
    /// passed over in that search; when the entry's GPU is not found elsewhere, that GPU's own error is the reason.
    /// </summary>
    private static int? IndexOf(IGpuControl control, JournalEntry entry)
    {
        NvmlException? unreachable = null;
        string? UuidAt(int index)
        {
            try
            {
                return control.Uuid(index);
            }
            catch (NvmlException e)
            {
                unreachable = index == entry.Gpu ? e : unreachable;
                return null;
            }
        }

        if (entry.GpuUuid is not { } uuid)
        {
            return null;
        }

        if (entry.Gpu is { } gpu && gpu >= 0 && gpu < control.DeviceCount && UuidAt(gpu) == uuid)
        {
            return gpu;
        }

        var found = Enumerable.Range(0, control.DeviceCount).Cast<int?>().FirstOrDefault(i => UuidAt(i!.Value) == uuid);
        return found ?? (unreachable is null ? null : throw unreachable);
    }

    /// <summary>
    /// Puts one entry back. <paramref name="setByRuns"/> are the limits any run set on the GPU since its host-wide
    /// original (another state directory's killed run among them): a GPU at one of them was not set by hand.
    /// </summary>
    private static string Put(IGpuControl control, JournalEntry entry, int gpu, IReadOnlyList<double> setByRuns)
    {
        if (entry.Kind == JournalEntryKind.GpuClocks)
        {
            if (HandSetClockCap.Describe(entry, gpu, control) is { } locked)
            {
                // Locked by someone else after this tool, as a hand-set power limit: theirs is the lock to keep.
                return locked;
            }

            control.ResetSmClocks(gpu);
            return $"gpu{gpu}: SM clocks reset to default";
        }

        var watts = entry.OriginalPowerLimitWatts ?? control.GetDefaultPowerLimit(gpu).Watts;
        var now = control.GetPowerLimit(gpu).Watts;
        if (
            !setByRuns.Any(w => Math.Abs(w - now) < 0.5)
            && HandSetPowerLimit.Describe(entry, gpu, now, watts) is { } left
        )
        {
            // Set by someone else after this tool: theirs is the setting to keep, not the one from before.
            return left;
        }

        control.SetPowerLimit(gpu, Power.FromWatts(watts));
        return string.Create(CultureInfo.InvariantCulture, $"gpu{gpu}: power limit back to {watts:0.###} W");
    }
}
