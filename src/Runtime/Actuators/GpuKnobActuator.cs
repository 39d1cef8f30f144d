using System.Globalization;
using MLEnergy.Profiler.Nvml;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Locks;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Actuators;

/// <summary>
/// Applies the SM clock cap and power limit of a configuration to a set of GPUs, journaling each original before its
/// first change, and puts every original back on <see cref="Restore"/>. In a dry run it prints what it would do and
/// touches nothing (neither the GPUs nor the journal).
/// </summary>
public sealed class GpuKnobActuator(
    IGpuControl control,
    HostJournal journal,
    IReadOnlyList<int> gpus,
    TextWriter? dryRun = null,
    HostOriginals? originals = null
)
{
    public bool IsDryRun => dryRun is not null;

    /// <summary>The GPUs it sets, for reading back what is in force.</summary>
    public IGpuControl Control => control;

    public IReadOnlyList<int> Gpus => gpus;

    /// <summary>
    /// Sets every GPU knob of <paramref name="configuration"/> that <paramref name="knobs"/> declares.
    /// </summary>
    public void Apply(IEnumerable<Knob> knobs, Configuration configuration) => Apply(knobs, configuration, gpus, gpus);

    /// <summary>
    /// As <see cref="Apply(IEnumerable{Knob}, Configuration)"/>, with clock caps locked only on
    /// <paramref name="capped"/> and power limits set only on <paramref name="limited"/>.
    /// </summary>
    private void Apply(
        IEnumerable<Knob> knobs,
        Configuration configuration,
        IReadOnlyList<int> capped,
        IReadOnlyList<int> limited
    )
    {
        knobs = [.. knobs];
        if (OutOfRange(knobs, configuration) is { } reason)
        {
            // Every GPU is checked before the first is changed: mixed GPUs never end half set.
            if (Preview($"would refuse: {reason}"))
            {
                return;
            }

            throw new GpuRangeException(reason);
        }

        foreach (var knob in knobs)
        {
            if (configuration.Number(knob.Name) is not { } value)
            {
                continue;
            }

            switch (knob.Kind)
            {
                case KnobKind.GpuSmClockCap:
                    SetClockCap(knob.Name, Frequency.FromMegahertz(value), capped);
                    break;
                case KnobKind.GpuPowerLimit:
                    SetPowerLimit(knob.Name, Power.FromWatts(value), limited);
                    break;
                default:
                    break;
            }
        }
    }

    /// <summary>
    /// Sets an SM clock cap and a power limit on every GPU (a load plan's band); null puts the default back: clocks
    /// reset, the journaled original power limit. A limit outside a GPU's range changes nothing. A GPU whose limit or
    /// clock lock was set by hand since this tool set its own keeps it, as a restore leaves it
    /// (<see cref="HandSetPowerLimit"/>, <see cref="HandSetClockCap"/>); returns one line for each such setting.
    /// </summary>
    public IReadOnlyList<string> Set(Frequency? smClockCap, Power? powerLimit)
    {
        var left = new List<string>();
        var limited = new List<int>();
        var capped = new List<int>();
        foreach (var gpu in gpus)
        {
            if (ClockSetByHand(gpu) is { } locked)
            {
                left.Add(smClockCap is { } kept ? Invariant($"{locked}; {kept.Megahertz:0} MHz not set") : locked);
            }
            else
            {
                capped.Add(gpu);
            }

            if (LimitSetByHand(gpu) is { } line)
            {
                left.Add(powerLimit is { } kept ? Invariant($"{line}; {kept.Watts:0.###} W not set") : line);
            }
            else
            {
                limited.Add(gpu);
            }
        }

        var knobs = new List<Knob>();
        var values = new Dictionary<string, KnobValue>();
        if (smClockCap is { } cap)
        {
            knobs.Add(new Knob(CapKnob, KnobKind.GpuSmClockCap, [KnobValue.Parse(Invariant(cap.Megahertz))], false));
            values[CapKnob] = KnobValue.Parse(Invariant(cap.Megahertz));
        }

        if (powerLimit is { } limit)
        {
            knobs.Add(new Knob(LimitKnob, KnobKind.GpuPowerLimit, [KnobValue.Parse(Invariant(limit.Watts))], false));
            values[LimitKnob] = KnobValue.Parse(Invariant(limit.Watts));
        }

        Apply(knobs, new Configuration(values), capped, limited);
        foreach (var gpu in gpus)
        {
            if (
                smClockCap is null
                && capped.Contains(gpu)
                && Journaled(JournalEntry.Clocks(gpu, control.Uuid(gpu), control.ControlAddress)) is not null
                && !Preview($"would reset gpu{gpu} SM clocks")
            )
            {
                control.ResetSmClocks(gpu);
            }

            if (
                powerLimit is null
                && limited.Contains(gpu)
                && JournaledLimit(gpu) is { OriginalPowerLimitWatts: { } original }
                && !Preview(Invariant($"would set gpu{gpu} power limit back to {original:0.###} W"))
            )
            {
                control.SetPowerLimit(gpu, Power.FromWatts(original));
            }
        }

        return left;
    }

    /// <summary>The line that says gpu<paramref name="gpu"/>'s limit was set by hand since it was set here.</summary>
    private string? LimitSetByHand(int gpu) =>
        JournaledLimit(gpu) is { } entry
            ? HandSetPowerLimit.Describe(
                entry,
                gpu,
                control.GetPowerLimit(gpu).Watts,
                entry.OriginalPowerLimitWatts ?? control.GetDefaultPowerLimit(gpu).Watts
            )
            : null;

    /// <summary>The line that says gpu<paramref name="gpu"/>'s clocks were locked by hand since locked here.</summary>
    private string? ClockSetByHand(int gpu) =>
        Journaled(JournalEntry.Clocks(gpu, control.Uuid(gpu), control.ControlAddress)) is { } entry
            ? HandSetClockCap.Describe(entry, gpu, control)
            : null;

    private JournalEntry? JournaledLimit(int gpu) =>
        Journaled(JournalEntry.PowerLimit(gpu, control.Uuid(gpu), 0, control.ControlAddress));

    /// <summary>
    /// Puts back every GPU setting the journal holds; returns one line per setting restored or left (see
    /// <see cref="StillJournaled"/>).
    /// </summary>
    public IReadOnlyList<string> Restore() => IsDryRun ? [] : GpuRestorer.Restore(control, journal, originals);

    /// <summary>The changes to these GPUs not yet put back: after <see cref="Restore"/>, those it could not.</summary>
    public IReadOnlyList<JournalEntry> StillJournaled =>
        [
            .. journal.Entries.Where(e =>
                e.Kind != JournalEntryKind.ServerProcess && e.ControlAddress == control.ControlAddress
            ),
        ];

    /// <summary>Where the changes not yet put back are kept.</summary>
    public string JournalPath => journal.FilePath;

    private void SetClockCap(string knob, Frequency cap, IReadOnlyList<int> capped)
    {
        foreach (var gpu in capped)
        {
            var minimum = control.GetMinimumSmClock(gpu);
            var low = minimum < cap ? minimum : cap;
            if (Preview($"would lock gpu{gpu} SM clocks to {low.Megahertz:0}-{cap.Megahertz:0} MHz ({knob})"))
            {
                continue;
            }

            Guard(
                knob,
                gpu,
                JournalEntry.Clocks(gpu, control.Uuid(gpu), control.ControlAddress, cap.Megahertz),
                () => control.LockSmClocks(gpu, low, cap)
            );
        }
    }

    private void SetPowerLimit(string knob, Power limit, IReadOnlyList<int> limited)
    {
        foreach (var gpu in limited)
        {
            if (
                Preview(
                    string.Create(
                        CultureInfo.InvariantCulture,
                        $"would set gpu{gpu} power limit to {limit.Watts:0.###} W ({knob})"
                    )
                )
            )
            {
                continue;
            }

            // The original is the limit before any run changed it: one a killed run left host-wide wins, unless the
            // GPU was set by hand since. Each limit set is journaled first, so a restore can tell a later hand's.
            var uuid = control.Uuid(gpu);
            var now = control.GetPowerLimit(gpu).Watts;
            double original;
            try
            {
                original = originals?.PowerLimitWatts(uuid, now) ?? now;
                originals?.RecordPowerLimit(uuid, original, limit.Watts);
            }
            catch (IOException e)
            {
                throw new GpuSetException(
                    $"gpu{gpu} was not given {knob}: {e.Message}; the run stops and puts back what it set",
                    e
                );
            }

            Guard(
                knob,
                gpu,
                JournalEntry.PowerLimit(gpu, uuid, original, control.ControlAddress, limit.Watts),
                () => control.SetPowerLimit(gpu, limit)
            );
        }
    }

    /// <summary>
    /// Why a GPU cannot take this configuration (a power limit outside its own range); null when all can.
    /// </summary>
    private string? OutOfRange(IEnumerable<Knob> knobs, Configuration configuration)
    {
        foreach (var knob in knobs.Where(k => k.Kind == KnobKind.GpuSmClockCap))
        {
            if (configuration.Number(knob.Name) is { } mhz && mhz is not (> 0 and <= 100_000))
            {
                return string.Create(CultureInfo.InvariantCulture, $"{knob.Name}={mhz} MHz is not an SM clock cap");
            }
        }

        foreach (var knob in knobs.Where(k => k.Kind == KnobKind.GpuPowerLimit))
        {
            if (configuration.Number(knob.Name) is not { } watts)
            {
                continue;
            }

            var limit = Power.FromWatts(watts);
            foreach (var gpu in gpus)
            {
                var range = control.GetPowerLimitRange(gpu);
                if (!double.IsFinite(watts) || !range.Contains(limit))
                {
                    return string.Create(
                        CultureInfo.InvariantCulture,
                        $"{knob.Name}={watts:0.###} W is outside gpu{gpu}'s power limit range "
                            + $"{range.Minimum.Watts:0}-{range.Maximum.Watts:0} W"
                    );
                }
            }
        }

        return null;
    }

    private const string CapKnob = "sm_clock_cap_mhz";
    private const string LimitKnob = "power_limit_w";

    private JournalEntry? Journaled(JournalEntry like) => journal.Entries.FirstOrDefault(e => e.Key == like.Key);

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    private static string Invariant(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private bool Preview(string line)
    {
        dryRun?.WriteLine(line);
        return IsDryRun;
    }

    /// <summary>
    /// Journals the original, then makes the change; a change refused for want of permission leaves no entry it added
    /// behind. One the driver failed otherwise stays journaled: the driver may have made part of it.
    /// </summary>
    private void Guard(string knob, int gpu, JournalEntry original, Action set)
    {
        var added = journal.Record(original);
        try
        {
            set();
        }
        catch (NvmlNoPermissionException e)
        {
            if (added)
            {
                journal.Remove(original);
            }

            throw GpuPermissionException.For(knob, gpu, e);
        }
        catch (NvmlException e)
        {
            throw new GpuSetException(
                $"gpu{gpu} refused {knob}: {e.Message}; the run stops and puts back what it set",
                e
            );
        }
    }
}
