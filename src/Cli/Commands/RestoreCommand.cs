using System.CommandLine;
using MLEnergy.Cli.Output;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Locks;
using MLEnergy.Runtime.Restore;
using MLEnergy.Runtime.State;
using MLEnergy.Units;

namespace MLEnergy.Cli.Commands;

/// <summary>
/// <c>mlenergy restore</c>: puts back what a killed run left changed (GPU clocks, power limits, servers).
/// </summary>
internal static class RestoreCommand
{
    public static Command Create(IConsoleOutput console)
    {
        var stateDir = new Option<string?>("--state-dir")
        {
            Description = "State directory (default: $XDG_STATE_HOME/mlenergy or ~/.local/state/mlenergy)",
        };
        var dryRun = new Option<bool>("--dry-run") { Description = "Print what would be restored and change nothing" };
        var command = new Command(
            "restore",
            "Put back the GPU clocks and power limits a crashed or killed run left changed, and stop the servers it "
                + "left running.\n"
                + "Every change is journaled before it is made; each optimize run also does this by itself when it "
                + "finds a journal."
        )
        {
            stateDir,
            dryRun,
        };
        command.SetAction(
            async (parseResult, cancellationToken) =>
            {
                var state = OptionValues.ExistingStateDirectory(parseResult.GetValue(stateDir));
                var journal = HostJournal.Open(state);
                if (journal.IsEmpty)
                {
                    await console.Out.WriteLineAsync("Nothing to restore: no run left changes on this host.");
                    return (int)ExitCode.Success;
                }

                if (parseResult.GetValue(dryRun))
                {
                    foreach (var entry in journal.Entries)
                    {
                        await console.Out.WriteLineAsync($"would restore: {entry.Description}");
                    }

                    return (int)ExitCode.Success;
                }

                // Read again under the state directory's lock, then every GPU it names is locked: an entry a run wrote
                // meanwhile is restored only once its GPU is this command's.
                var holder = $"restore, state directory {Path.GetFullPath(state)}";
                using var stateLock = HostLocks.Acquire(LockDirectory.ForThisHost(), [LockName.State(state)], holder);
                journal = HostJournal.Open(state);
                using var gpuLocks = HostLocks.Acquire(LockDirectory.ForThisHost(), LockName.GpusOf(journal), holder);
                foreach (
                    var line in await HostRestorer
                        .ForHost(TimeSpan.FromSeconds(15))
                        .RestoreAsync(journal, cancellationToken)
                )
                {
                    await console.Out.WriteLineAsync(line);
                }

                if (!journal.IsEmpty)
                {
                    await console.Error.WriteLineAsync(
                        $"mlenergy: {CountText.Of(journal.Entries.Count, "change")} could not be restored; "
                            + $"they stay in {journal.FilePath}"
                    );
                    return (int)ExitCode.Failure;
                }

                return (int)ExitCode.Success;
            }
        );
        return command;
    }
}
