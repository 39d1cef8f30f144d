using System.Globalization;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Selection;
using MLEnergy.Runtime.Nightly;
using MLEnergy.Runtime.Optimize;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Stores;
using MLEnergy.Runtime.Targets;
using MLEnergy.Runtime.Trials;

namespace MLEnergy.Runtime.Studies;

/// <summary>
/// <c>optimize --study NAME</c>: this host becomes one worker of a study shared through the PostgreSQL store. When a
/// finished study already answered the same problem, the host starts from its result instead, re-checking the
/// recommendation and the baseline as <c>--nightly</c> does (and re-tuning only when they drifted).
/// </summary>
public sealed class StudyService(OptimizeService optimize, TimeProvider time)
{
    public async Task<StudyOutcome> RunAsync(
        OptimizeRequest request,
        TargetSetup setup,
        IHostSession host,
        IProgress<TrialProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        var name = Check(request);
        StateDirectory.EnsureWritable(request.StateDirectory);
        await using var store = await TrialStoreFactory.OpenAsync(
            request.Store,
            request.StateDirectory,
            cancellationToken
        );
        await using var studies = StudyStore.Open(request.Store, time);
        var space = setup.Space;
        var fingerprint = StudyFingerprint.Of(request, space);
        var settings = new StudySettings(name, request.ClaimTimeout);
        var named = await studies.FindAsync(name, cancellationToken);
        // A study of that name for another problem is refused by the join below, finished or not.
        var finished =
            named is null ? await studies.FinishedLikeAsync(fingerprint, cancellationToken)
            : named.Finished && named.Fingerprint == fingerprint ? named
            : null;
        if (finished is not null)
        {
            var transfer = await TransferAsync(
                request,
                setup,
                host,
                store,
                studies,
                finished,
                progress,
                cancellationToken
            );
            return new StudyOutcome(name, null, transfer) { TransferredFrom = finished.Name };
        }

        await studies.JoinAsync(
            new StudyDefinition(name, fingerprint, space.Name, request.Slo.ToString(), request.Load, request.MaxTrials),
            cancellationToken
        );
        var worker = string.Create(CultureInfo.InvariantCulture, $"{request.HostId}:{Environment.ProcessId}");
        var measurement = new StudyMeasurement(
            studies,
            settings,
            new TuningRequest(space, request.Slo).WithBudget(request.Budget) with
            {
                Throughput = ThroughputFloors.RequirementFor(request, space),
            },
            StrategyFactory.Create(request.Strategy, request.Seed),
            worker,
            time
        );
        var run = new RunDefinition(RunKind.Tune, measurement)
        {
            OutputDirectory = request.OutputDirectory,
            NotesHeading = "Fleet study",
            Notes =
            [
                $"Study '{name}', shared through the {store.Location} by every host with this problem; this host "
                    + $"worked as {worker}. The result is the study's, the same on every worker.",
            ],
        };
        var tuned = await optimize.TuneAsync(request, setup, host, store, run, progress, cancellationToken);
        return new StudyOutcome(name, tuned, null);
    }

    /// <summary>Refuses, before the host is touched, a study request that cannot run; gives its name.</summary>
    public static string Check(OptimizeRequest request)
    {
        var name = request.Study ?? throw new ArgumentException("no study named", nameof(request));
        if (request.Budget.MaxHostTime is not null || request.Resume)
        {
            throw new OptimizeInputException(
                "--study counts its budget in trials across all workers (--budget 40), and resumes by itself: "
                    + "drop --budget TIME and --resume"
            );
        }

        StudyStore.SharedAddress(request.Store);
        return name;
    }

    private async Task<NightlyOutcome> TransferAsync(
        OptimizeRequest request,
        TargetSetup setup,
        IHostSession host,
        ITrialStore store,
        StudyStore studies,
        Study finished,
        IProgress<TrialProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        var read = (await studies.ReadAsync(finished.Name, request.ClaimTimeout, cancellationToken)).Observations;
        var trials = CapTwins.Of(setup.Space, read).Pool(read);
        var selection = RecommendationSelector.Select(
            RepeatedTrials.Merge(trials, request.Slo),
            request.Slo,
            setup.Space.Objective,
            setup.Space.Baseline,
            trials,
            request.MinimumSavingPercent,
            ThroughputFloors.For(request, setup.Space)
        );
        var recommended =
            selection.Recommended?.Configuration
            ?? throw new OptimizeInputException(
                $"study '{finished.Name}' answered this problem without a configuration that meets the SLO; "
                    + "nothing to start from: change the SLO or the space"
            );
        return await new NightlyService(optimize, time).RecheckAsync(
            request,
            setup,
            host,
            store,
            [.. read.Where(o => o.Feasible)],
            recommended,
            progress,
            cancellationToken
        );
    }
}
