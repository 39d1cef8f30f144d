using System.Collections.Immutable;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Optimize;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Stores;
using MLEnergy.Runtime.Trials;

namespace MLEnergy.Runtime.Plans;

/// <summary>
/// One load level of a plan as a run of its own: its fingerprint carries the plan's levels, the level and the shared
/// server knobs, so <c>--resume</c> continues an interrupted level, and reads back a level this plan already finished
/// instead of measuring it again.
/// </summary>
internal sealed class Level(
    OptimizeRequest request,
    ILoadLevelEvaluator evaluator,
    IHostSession host,
    ITrialStore store,
    TimeProvider time,
    string planKey
)
{
    public async Task<(TuningResult Result, RunFolder Folder, RunRecord Run)> RunAsync(
        SearchSpace space,
        double rate,
        TuningBudget budget,
        IReadOnlyList<Configuration> seeds,
        string? folder,
        RunRecord? top,
        IProgress<TrialProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        var levelSpace = space with { Load = "poisson:" + LoadPlanService.Rate(rate) };
        var run = Definition(rate, folder, seeds, budget, top, levelSpace);
        if (request.Resume && await FinishedAsync(levelSpace, run, top, cancellationToken) is { } done)
        {
            return done;
        }

        var finished = await new RunLifecycle(store, time).RunAsync(
            request,
            levelSpace,
            new LevelHostSession(host, evaluator.AtRate(rate)),
            run,
            progress,
            cancellationToken
        );
        return (finished.Result, finished.Session.Folder, finished.Session.Run);
    }

    public RunDefinition Definition(
        double rate,
        string? folder,
        IReadOnlyList<Configuration> seeds,
        TuningBudget budget,
        RunRecord? top,
        SearchSpace space
    )
    {
        var measurement = TuningMeasurement.For(
            request with
            {
                Budget = budget,
            },
            space,
            seeds.Count == 0 ? null : inner => new WarmStartStrategy(inner, [.. seeds])
        );
        var rateText = LoadPlanService.Rate(rate);
        return new RunDefinition(RunKind.Tune, measurement)
        {
            IdSuffix = $"-{rateText}rps",
            FingerprintSuffix = $"{planKey}@{rateText}" + (top is null ? string.Empty : "|" + ServerKey(space)),
            Resume = request.Resume,
            OutputDirectory = folder,
            NotesHeading = "Load level",
            Notes = top is null
                ?
                [
                    $"Top level of a plan for {planKey[6..]} requests/s, tuned at {rateText} requests/s with every "
                        + "knob; its server knobs are shared by every level. The plan is in plan.json.",
                ]
                :
                [
                    $"Level {rateText} requests/s of the plan in {top.Folder}: GPU knobs only, the server knobs "
                        + "pinned as the top level chose.",
                ],
        };
    }

    private static string ServerKey(SearchSpace space) =>
        string.Join(";", space.Knobs.Where(k => k.IsPinned).Select(k => $"{k.Name}={k.Values[0]}"));

    /// <summary>
    /// The result of this level when this plan already finished it: the top level when its folder has no plan yet,
    /// a lower level when it started after the top one.
    /// </summary>
    private async Task<(TuningResult, RunFolder, RunRecord)?> FinishedAsync(
        SearchSpace space,
        RunDefinition run,
        RunRecord? top,
        CancellationToken cancellationToken
    )
    {
        var fingerprint = RunFingerprint.Of(request, space) + run.FingerprintSuffix;
        var last = (await store.ListRunsAsync(cancellationToken)).LastOrDefault(r =>
            r.Run.Fingerprint == fingerprint && r.Run.HostId == request.HostId
        );
        if (last is not { Status: RunStatus.Finished } || last.Run.Folder is not { Length: > 0 } path)
        {
            return null;
        }

        var folder = new RunFolder(path);
        var fresh = top is null
            ? !File.Exists(Path.Combine(path, Recommender.Plans.LoadPlanJson.FileName))
            : last.Run.StartedAt >= top.StartedAt;
        if (!fresh || !File.Exists(folder.ResultFile))
        {
            return null;
        }

        var result = ResultJsonReader.Read(await File.ReadAllTextAsync(folder.ResultFile, cancellationToken));
        return (result, folder, last.Run);
    }
}
