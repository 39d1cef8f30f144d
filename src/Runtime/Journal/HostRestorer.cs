using MLEnergy.Profiler.Nvml;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Locks;
using MLEnergy.Runtime.Servers;

namespace MLEnergy.Runtime.Journal;

/// <summary>
/// Undoes what a journal holds: stops the servers a killed run left behind, then puts GPU clocks and power limits
/// back. Used by <c>mlenergy restore</c> and at the start of every run that finds a journal.
/// </summary>
public sealed class HostRestorer(Func<IGpuControl?> openGpus, TimeSpan stopGracePeriod, HostOriginals? originals = null)
{
    /// <summary>Opens NVML for the GPU entries; a host without a driver has no GPU settings to put back.</summary>
    public static HostRestorer ForHost(TimeSpan stopGracePeriod) =>
        new(
            () =>
            {
                try
                {
                    return NvmlGpuControl.Open();
                }
                catch (NvmlException)
                {
                    return null;
                }
            },
            stopGracePeriod,
            new HostOriginals(LockDirectory.ForThisHost())
        );

    /// <summary>
    /// Restores everything it can; returns one line per thing done or left (an empty journal gives none).
    /// </summary>
    public async Task<IReadOnlyList<string>> RestoreAsync(HostJournal journal, CancellationToken cancellationToken)
    {
        var lines = new List<string>();
        foreach (var entry in journal.Entries.Where(e => e.Kind == JournalEntryKind.ServerProcess))
        {
            using var process = ProcessSignals.Find(entry.ProcessId ?? -1, entry.ProcessStart);
            if (process is null)
            {
                lines.Add($"server process {entry.ProcessId} had already exited");
            }
            else
            {
                await ProcessSignals.StopAsync(process, stopGracePeriod, cancellationToken);
                lines.Add($"stopped {entry.Description}");
            }

            journal.Remove(entry);
        }

        if (journal.Entries.Any(e => e.Kind != JournalEntryKind.ServerProcess))
        {
            using var control = openGpus();
            lines.AddRange(
                control is null
                    ? ["cannot restore GPU settings: NVML is not available on this host"]
                    : GpuRestorer.Restore(control, journal, originals)
            );
        }

        return lines;
    }
}
