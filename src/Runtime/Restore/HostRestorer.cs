using MLEnergy.Profiler.Nvml;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Locks;
using MLEnergy.Runtime.Servers;
using MLEnergy.Runtime.State;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Restore;

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
            lines.Add(await StopAsync(entry, cancellationToken));
            try
            {
                journal.Remove(entry);
            }
            catch (StateDirectoryException e)
            {
                lines.Add($"{e.Message}; '{entry.Description}' stays journaled");
            }
        }

        if (journal.Entries.Any(e => e.Kind != JournalEntryKind.ServerProcess && e.ControlAddress is null))
        {
            using var control = openGpus();
            lines.AddRange(
                control is null
                    ? ["cannot restore GPU settings: NVML is not available on this host"]
                    : GpuRestorer.Restore(control, journal, originals)
            );
        }

        foreach (var address in journal.Entries.Select(e => e.ControlAddress).OfType<string>().Distinct().ToList())
        {
            lines.AddRange(RestoreSimulated(journal, address));
        }

        return lines;
    }

    /// <summary>
    /// Puts back the simulated GPUs of one sim-server. A server that no longer answers took its GPUs with it (a
    /// restarted one starts them at its own settings), so there is nothing left to put back there.
    /// </summary>
    private IEnumerable<string> RestoreSimulated(HostJournal journal, string address)
    {
        SimulatedGpuControl control;
        try
        {
            control = SimulatedGpuControl.Open(new Uri(address), TimeSpan.FromSeconds(5));
        }
        catch (SimulatedGpuException)
        {
            var lines = new List<string>();
            foreach (var entry in journal.Entries.Where(e => e.ControlAddress == address).ToList())
            {
                journal.Remove(entry);
                try
                {
                    originals?.Forget(entry.GpuUuid!);
                }
                catch (IOException e)
                {
                    lines.Add(e.Message);
                }
            }

            return
            [
                $"the sim-server at {address} is gone, and its simulated GPUs with it: nothing to put back there",
                .. lines,
            ];
        }

        using (control)
        {
            return GpuRestorer.Restore(control, journal, originals);
        }
    }

    /// <summary>
    /// Stops the process a server entry names, only when it is still that process: same start time and command line.
    /// </summary>
    private async Task<string> StopAsync(JournalEntry entry, CancellationToken cancellationToken)
    {
        if (entry.ProcessId is not { } id)
        {
            var left = entry.Launch is { } token ? ProcessSignals.KillLaunched(token) : 0;
            return left > 0
                ? $"stopped {CountText.Of(left, "process", "processes")} of a server that was being started when the "
                    + $"run ended ({entry.Description})"
                : $"a server was being started when the run ended ({entry.Description}); no process of it is running";
        }

        if (entry.ProcessStart is null)
        {
            return $"server process {id}: no start time was recorded, so it cannot be told from another program "
                + "that reuses the id; left alone";
        }

        using var process = ProcessSignals.Find(id, entry.ProcessStart, entry.Arguments);
        if (process is null)
        {
            var stragglers = entry.Launch is { } token ? ProcessSignals.KillLaunched(token) : 0;
            return stragglers > 0
                ? $"server process {id} had already exited; stopped "
                    + $"{CountText.Of(stragglers, "process", "processes")} it had started"
                : $"server process {id} had already exited (nothing running matches its start time and command)";
        }

        await ProcessSignals.StopAsync(process, stopGracePeriod, cancellationToken, entry.Launch);
        return $"stopped {entry.Description}";
    }
}
