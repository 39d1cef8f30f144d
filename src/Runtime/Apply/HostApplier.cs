using System.Globalization;
using MLEnergy.Profiler.Nvml;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Locks;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Targets;

namespace MLEnergy.Runtime.Apply;

/// <summary>
/// Puts a recommendation in place on this host: GPU clock caps and power limits through <see cref="GpuKnobActuator"/>,
/// each original journaled before it changes and left set on purpose until <c>mlenergy restore</c>; server knobs cannot
/// be changed on a server mlenergy did not launch, so their flags are given to use at the next (re)start.
/// </summary>
public sealed class HostApplier(Func<IGpuControl> openGpus, ApplySettings settings) : IConfigurationApplier
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
            IReadOnlyList<int> gpus = settings.Gpus.IsEmpty
                ? [.. Enumerable.Range(0, control.DeviceCount)]
                : settings.Gpus;
            if (gpus.FirstOrDefault(i => i < 0 || i >= control.DeviceCount, -1) is var bad and >= 0)
            {
                throw new TargetException($"--gpus names gpu{bad}, but this host has {control.DeviceCount} GPU(s)");
            }

            using var locks = settings.DryRun
                ? null
                : HostLocks.Acquire(
                    LockDirectory.ForThisHost(),
                    [LockName.State(settings.StateDirectory), .. gpus.Select(g => LockName.Gpu(g, control.Uuid(g)))],
                    $"apply, state directory {Path.GetFullPath(settings.StateDirectory)}"
                );
            var journal = HostJournal.Open(settings.StateDirectory);
            using var preview = new StringWriter(CultureInfo.InvariantCulture);
            var originals = new HostOriginals(LockDirectory.ForThisHost());
            new GpuKnobActuator(control, journal, gpus, settings.DryRun ? preview : null, originals).Apply(
                gpuKnobs,
                configuration
            );
            if (settings.DryRun)
            {
                return [.. preview.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries)];
            }

            // Applied on purpose: what the GPUs have now is what a later run finds and puts back, not what was before.
            foreach (var gpu in gpus)
            {
                originals.Forget(control.Uuid(gpu));
            }

            return
            [
                .. gpus.SelectMany(g =>
                    gpuKnobs.Select(k =>
                        Invariant($"gpu{g}: {Describe(k.Kind)} set to {configuration[k.Name].Text} ({k.Name})")
                    )
                ),
                $"left set: 'mlenergy restore' puts the original GPU settings back (they are kept in "
                    + $"{journal.FilePath})",
            ];
        }
    }

    private static string Describe(KnobKind kind) =>
        kind == KnobKind.GpuSmClockCap ? "SM clock cap (MHz)" : "power limit (W)";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
