using System.Globalization;
using MLEnergy.Profiler.Nvml;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Locks;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Targets;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Apply;

/// <summary>
/// Puts a recommendation in place on this host: GPU clock caps and power limits through <see cref="GpuKnobActuator"/>,
/// each original journaled before it changes and left set on purpose until <c>mlenergy restore</c>; server knobs cannot
/// be changed on a server mlenergy did not launch, so their flags are given to use at the next (re)start. The limits
/// from before are kept host-wide in <paramref name="originals"/> (this host's lock folder unless given).
/// </summary>
public sealed class HostApplier(Func<IGpuControl> openGpus, ApplySettings settings, HostOriginals? originals = null)
    : IConfigurationApplier
{
    public string? CannotApplyReason => null;

    public Task<IReadOnlyList<string>> ApplyAsync(
        SearchSpace space,
        Configuration configuration,
        CancellationToken cancellationToken
    )
    {
        cancellationToken.ThrowIfCancellationRequested();
        // Built first: it checks every value of the result file against its knob's kind before anything changes.
        var plan = ApplyPlanBuilder.Build(space, configuration);
        var lines = new List<string>();
        var gpuKnobs = space
            .Knobs.Where(k =>
                k.Kind is KnobKind.GpuSmClockCap or KnobKind.GpuPowerLimit && configuration.Number(k.Name) is not null
            )
            .ToList();
        if (gpuKnobs.Count > 0)
        {
            lines.AddRange(ApplyGpuKnobs(gpuKnobs, configuration));
        }

        if (!plan.ServerFlags.IsEmpty)
        {
            lines.Add(
                $"server flags to use (mlenergy does not restart a server it did not launch): "
                    + $"{string.Join(' ', plan.ServerFlags)}"
            );
        }

        lines.AddRange(plan.NotApplied.Select(n => $"not applied: {n}"));
        return Task.FromResult<IReadOnlyList<string>>(
            lines.Count == 0 ? ["the recommendation sets no GPU knob and no server flag: nothing to apply"] : lines
        );
    }

    private List<string> ApplyGpuKnobs(List<Knob> gpuKnobs, Configuration configuration)
    {
        IGpuControl control;
        try
        {
            control = openGpus();
        }
        catch (NvmlException e)
        {
            throw new TargetException(
                $"the recommendation sets GPU knobs ({string.Join(", ", gpuKnobs.Select(k => k.Name))}), which need "
                    + $"NVML: {e.Message}",
                e
            );
        }

        using (control)
        {
            var gpus = ChosenGpus.Pick(control, settings.Gpus, "--gpus", "apply", "this host");

            using var locks = settings.DryRun
                ? null
                : HostLocks.Acquire(
                    LockDirectory.ForThisHost(),
                    [LockName.State(settings.StateDirectory), .. gpus.Select(g => LockName.Gpu(g, control.Uuid(g)))],
                    $"apply, state directory {Path.GetFullPath(settings.StateDirectory)}"
                );
            var journal = HostJournal.Open(settings.StateDirectory);
            using var preview = new StringWriter(CultureInfo.InvariantCulture);
            var kept = originals ?? new HostOriginals(LockDirectory.ForThisHost());
            var actuator = new GpuKnobActuator(control, journal, gpus, settings.DryRun ? preview : null, kept);
            var earlier = journal.Entries.Where(e => e.Kind != JournalEntryKind.ServerProcess).ToList();
            // Read only where this apply sets a limit: a clock cap alone needs no limit a GPU may not report.
            var limits =
                settings.DryRun || !gpuKnobs.Any(k => k.Kind == KnobKind.GpuPowerLimit)
                    ? []
                    : gpus.Distinct().ToDictionary(g => g, control.GetPowerLimit);
            try
            {
                actuator.Apply(gpuKnobs, configuration);
            }
            catch (Exception e)
                when (e is GpuSetException or GpuPermissionException or StateDirectoryException or NvmlException)
            {
                // An NVML read that fails part way (a GPU's supported clocks, its limit or UUID) is the driver
                // refusing as well: the GPUs set before it go back like those before a refused setter.
                throw PutBack(control, journal, kept, earlier, limits, e);
            }

            if (settings.DryRun)
            {
                return [.. preview.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)];
            }

            // Applied on purpose: what the GPUs have now is what a later run finds and puts back, not what was before.
            // A limit kept that cannot be forgotten would make a later run put the GPU back to it: all goes back.
            foreach (var gpu in gpus)
            {
                try
                {
                    kept.Forget(control.Uuid(gpu));
                }
                catch (IOException e)
                {
                    var failure = new GpuSetException($"gpu{gpu}: {e.Message}; apply puts back what it set", e);
                    throw PutBack(control, journal, kept, earlier, limits, failure);
                }
            }

            var marked = MarkApplied(journal, gpus.Select(control.Uuid).ToHashSet());

            return
            [
                .. gpus.SelectMany(g =>
                    gpuKnobs.Select(k =>
                        Invariant($"gpu{g}: {Describe(k.Kind)} set to {configuration[k.Name].Text} ({k.Name})")
                    )
                ),
                $"left set: 'mlenergy restore' puts the original GPU settings back (they are kept in "
                    + $"{journal.FilePath})",
                .. marked,
            ];
        }
    }

    /// <summary>
    /// A GPU refused: apply is all or nothing, so what it changed on the others goes back (a GPU left half set is
    /// neither the operator's setting nor the recommendation): a change journaled first here as a restore puts it
    /// back, a limit over an earlier apply's to the limit read before (an earlier apply's clock lock cannot be read
    /// back through NVML, so a lock over it stays). Returns the failure to throw, naming the journal where a setting
    /// could not be put back, with one line for each such GPU setting.
    /// </summary>
    private static Exception PutBack(
        IGpuControl control,
        HostJournal journal,
        HostOriginals originals,
        IReadOnlyList<JournalEntry> earlier,
        Dictionary<int, Units.Power> limits,
        Exception failure
    )
    {
        var keys = earlier.Select(e => e.Key).ToHashSet();
        var left = GpuRestorer
            .Restore(control, journal, originals, e => !keys.Contains(e.Key))
            .Where(line => line.StartsWith(GpuRestorer.CannotRestore, StringComparison.Ordinal))
            .ToList();
        foreach (var (gpu, before) in limits)
        {
            if (PutBackEarlierLimit(control, originals, earlier, gpu, before) is { } stayed)
            {
                left.Add(stayed);
            }
        }

        return left.Count == 0
            ? failure
            : new GpuSetException(
                string.Join(
                    '\n',
                    [
                        $"{failure.Message}; {CountText.Of(left.Count, "GPU setting")} could not be put back; "
                            + $"they stay in {journal.FilePath}: run 'mlenergy restore' once the cause is fixed",
                        .. left,
                    ]
                ),
                failure
            );
    }

    /// <summary>
    /// Sets an earlier apply's limit again on a GPU this apply changed; null when done or nothing to do, else the one
    /// line that says which GPU stays at which limit and that the journal's original is what a restore puts back.
    /// </summary>
    private static string? PutBackEarlierLimit(
        IGpuControl control,
        HostOriginals originals,
        IReadOnlyList<JournalEntry> earlier,
        int gpu,
        Units.Power before
    )
    {
        JournalEntry? entry = null;
        Units.Power? now = null;
        try
        {
            var uuid = control.Uuid(gpu);
            entry = earlier.FirstOrDefault(e => e.Kind == JournalEntryKind.GpuPowerLimit && e.GpuUuid == uuid);
            now = entry is null ? null : control.GetPowerLimit(gpu);
            if (entry is null || now == before)
            {
                return null;
            }

            control.SetPowerLimit(gpu, before);
            originals.Forget(uuid);
            return null;
        }
        catch (IOException)
        {
            // The GPU is back at the limit kept first, which a later run takes for the original as it is.
            return null;
        }
        catch (NvmlException e)
        {
            var stays = now is { } watts
                ? Invariant($"stays at {watts.Watts:0.###} W")
                : "may stay as this apply set it";
            var original = entry?.OriginalPowerLimitWatts is { } o ? Invariant($" ({o:0.###} W)") : "";
            return Invariant($"gpu{gpu}: power limit {stays}, not back to the earlier apply's {before.Watts:0.###} W: ")
                + $"{e.Message}; the journal keeps its original{original}: 'mlenergy restore' puts it back";
        }
    }

    /// <summary>
    /// Marks the journal's entries of the applied GPUs as apply's, so that a run or <c>govern</c> that starts on this
    /// state directory says it undoes them. The settings are in place either way: a journal that cannot be rewritten
    /// (a full disk) is one line, not a failure.
    /// </summary>
    private static IReadOnlyList<string> MarkApplied(HostJournal journal, HashSet<string> uuids)
    {
        try
        {
            foreach (var entry in journal.Entries.Where(e => e.GpuUuid is { } u && uuids.Contains(u)))
            {
                journal.Replace(entry, entry with { Applied = true });
            }

            return [];
        }
        catch (StateDirectoryException e)
        {
            return
            [
                $"the journal does not say these settings were applied ({e.Message}): a run there calls them "
                    + "an earlier run's",
            ];
        }
    }

    private static string Describe(KnobKind kind) =>
        kind == KnobKind.GpuSmClockCap ? "SM clock cap (MHz)" : "power limit (W)";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
