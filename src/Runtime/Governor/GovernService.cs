using MLEnergy.Profiler.Nvml;
using MLEnergy.Recommender.Plans;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Journal;
using MLEnergy.Runtime.Locks;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Restore;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Governor;

/// <summary>
/// <c>mlenergy govern</c>: follows a serving server's load with a plan's bands until cancelled. It opens the GPUs
/// (NVML, or a sim-server's control interface), takes their host-wide locks, first puts back what a killed run left
/// journaled, checks every band against the GPUs, then runs the <see cref="GovernorLoop"/>; however it ends, the
/// originals are put back. A dry run touches no GPU, lock or journal.
/// </summary>
public sealed class GovernService(TextWriter log, TimeProvider time)
{
    public async Task RunAsync(GovernRequest request, CancellationToken cancellationToken)
    {
        var plan = PlanLocator.Read(request.Plan, request.StateDirectory);
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        var metrics = new Uri(request.Target, "/metrics");
        Task<string> Read(CancellationToken token) => http.GetStringAsync(metrics, token);
        var decider = new GovernorDecider(plan, request.Settings);
        if (request.DryRun)
        {
            log.WriteLine(
                $"dry run: following {metrics} with {CountText.Of(plan.Bands.Count, "band")}; no GPU is touched"
            );
            var dry = new GovernorLoop(plan, decider, Read, null, log, time, request.Interval);
            try
            {
                await dry.RunAsync(cancellationToken);
            }
            finally
            {
                log.WriteLine($"stopping after {dry.Summary}");
            }

            return;
        }

        using var control = Open(request);
        var gpus = ChosenGpus.Pick(control, request.Gpus, "--gpus", "govern", "the target");

        CheckBands(plan, control, gpus);
        var lockDirectory = LockDirectory.ForThisHost();
        var holder = $"govern {request.Target}, state directory {Path.GetFullPath(request.StateDirectory)}";

        // The journal is read under the state directory's lock, and every GPU it names is locked with those governed
        // before anything is put back: a GPU another run holds now is that run's, not a leftover to restore.
        using var stateLock = HostLocks.Acquire(lockDirectory, [LockName.State(request.StateDirectory)], holder);
        var journal = HostJournal.Open(request.StateDirectory);
        using var gpuLocks = HostLocks.Acquire(
            lockDirectory,
            [.. gpus.Select(g => LockName.Gpu(g, control.Uuid(g))), .. LockName.GpusOf(journal)],
            holder
        );
        if (!journal.IsEmpty)
        {
            if (JournalLeftovers.AppliedUndone(journal) is { } undone)
            {
                log.WriteLine(undone);
            }

            log.WriteLine($"putting back {JournalLeftovers.What(journal)}:");
            var restorer = HostRestorer.ForHost(TimeSpan.FromSeconds(15));
            foreach (var line in await restorer.RestoreAsync(journal, cancellationToken))
            {
                log.WriteLine($"  {line}");
            }
        }

        var actuator = new GpuKnobActuator(control, journal, gpus, null, new HostOriginals(lockDirectory));
        var loop = new GovernorLoop(plan, decider, Read, new GpuBandActuator(actuator), log, time, request.Interval);
        try
        {
            await loop.RunAsync(cancellationToken);
        }
        finally
        {
            log.WriteLine($"stopping after {loop.Summary}; putting the original GPU settings back:");
            foreach (var line in actuator.Restore())
            {
                log.WriteLine($"  {line}");
            }
        }
    }

    private static IGpuControl Open(GovernRequest request)
    {
        if (request.Control != GpuControlKind.Nvml)
        {
            try
            {
                return SimulatedGpuControl.Open(request.Target);
            }
            catch (SimulatedGpuException e) when (request.Control == GpuControlKind.Sim)
            {
                throw new TargetException($"--gpu-control sim: {e.Message}", e);
            }
            catch (SimulatedGpuException) { }
        }

        try
        {
            return NvmlGpuControl.Open();
        }
        catch (NvmlException e)
        {
            throw new TargetException(
                $"govern sets GPU clocks and power limits, which needs NVML: {e.Message} (a sim-server target: "
                    + "--gpu-control sim; only to watch: --dry-run)",
                e
            );
        }
    }

    /// <summary>Every band's power limit must suit every GPU before the first is changed.</summary>
    private static void CheckBands(LoadPlan plan, IGpuControl control, IReadOnlyList<int> gpus)
    {
        foreach (var (band, index) in plan.Bands.Select((b, i) => (b, i)))
        {
            foreach (var gpu in gpus)
            {
                var range = control.GetPowerLimitRange(gpu);
                if (band.PowerLimitWatts is { } watts && !range.Contains(Power.FromWatts(watts)))
                {
                    var limits = FormattableString.Invariant($"{range.Minimum.Watts:0}-{range.Maximum.Watts:0} W");
                    throw new GpuRangeException(
                        FormattableString.Invariant($"band {index}'s power limit {watts:0.###} W is outside ")
                            + $"gpu{gpu}'s range {limits}"
                    );
                }
            }
        }
    }
}
