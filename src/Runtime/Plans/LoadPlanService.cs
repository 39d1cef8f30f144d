using System.Globalization;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Plans;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Optimize;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Stores;
using MLEnergy.Runtime.Targets;
using MLEnergy.Runtime.Trials;

namespace MLEnergy.Runtime.Plans;

/// <summary>
/// <c>optimize --load-levels</c>, composed of runs through the one <see cref="RunLifecycle"/>: first the top
/// (hardest) level with every knob, whose recommendation fixes the server knobs for all levels (restarting a server to
/// follow load costs more than it saves); then each lower level, from the top down, with only the GPU knobs, trying
/// first the best configuration of the level above and the top level's. The plan goes to plan.json in the top level's
/// folder, each lower level's run to <c>levels/RATErps</c> inside it. The host session belongs to the caller.
/// </summary>
public sealed class LoadPlanService(TimeProvider time)
{
    public const string LevelsFolder = "levels";

    public async Task<LoadPlanOutcome> RunAsync(
        OptimizeRequest request,
        TargetSetup setup,
        IHostSession host,
        IProgress<TrialProgress>? progress,
        IProgress<LevelStart>? levelProgress,
        CancellationToken cancellationToken
    )
    {
        var rates = request.LoadLevels;
        var evaluator =
            host.Evaluator as ILoadLevelEvaluator
            ?? throw new OptimizeInputException([
                $"--load-levels needs a target whose load can be set (sim or a serving host), not {setup.Target}",
            ]);
        StateDirectory.EnsureWritable(request.StateDirectory);
        await using var store = await TrialStoreFactory.OpenAsync(
            request.Store,
            request.StateDirectory,
            cancellationToken
        );
        var (topBudget, lowerBudget) = LevelBudget.Split(request.Budget, rates.Length);
        var planKey = "|plan:" + string.Join(",", rates.Select(Rate));
        var top = rates[^1];
        levelProgress?.Report(new LevelStart(1, rates.Length, top, null, null));
        var topLevel = new Level(request, evaluator, host, store, time, planKey);
        var (topResult, topFolder, topRun) = await topLevel.RunAsync(
            setup.Space,
            top,
            topBudget,
            [],
            request.OutputDirectory,
            null,
            progress,
            cancellationToken
        );
        var best = Chosen(topResult);
        var serverKnobs = ServerKnobs(setup.Space, best);
        var lowerSpace = serverKnobs.Values.Aggregate(setup.Space, (s, kv) => s.Restrict(kv.Key, [kv.Value]));
        var results = new List<LevelResult> { new(top, topResult) };
        var previous = (Rate: top, Best: best);
        for (var i = rates.Length - 2; i >= 0; i--)
        {
            var rate = rates[i];
            levelProgress?.Report(new LevelStart(rates.Length - i, rates.Length, rate, serverKnobs, previous.Rate));
            var seeds = new[] { previous.Best, best }.OfType<Configuration>().Distinct().ToList();
            var (result, _, _) = await topLevel.RunAsync(
                lowerSpace,
                rate,
                lowerBudget,
                seeds,
                Path.Combine(topFolder.Path, LevelsFolder, Rate(rate) + "rps"),
                topRun,
                progress,
                cancellationToken
            );
            results.Add(new LevelResult(rate, result));
            previous = (rate, Chosen(result) ?? previous.Best);
        }

        var evaluation = LoadPlanBuilder.Build(request.Slo.ToString(), request.Slo, serverKnobs, results);
        await File.WriteAllTextAsync(
            Path.Combine(topFolder.Path, LoadPlanJson.FileName),
            LoadPlanJson.Write(evaluation.Plan),
            cancellationToken
        );
        var headed = topResult with { LoadPlanFile = LoadPlanJson.FileName };
        var options = RunLifecycle.ReportOptionsFor(
            request,
            topResult.Space,
            topLevel.Definition(top, null, [], TuningBudget.Unlimited, null, topResult.Space),
            topRun.Id
        ) with
        {
            LoadPlan = evaluation,
        };
        await RunFolderWriter.WriteAsync(topFolder, headed, options, cancellationToken);
        return new LoadPlanOutcome(
            evaluation,
            headed,
            topFolder,
            topRun.Id,
            [.. results.OrderBy(r => r.RequestsPerSecond)],
            setup.IsSimulated
        );
    }

    internal static string Rate(double requestsPerSecond) =>
        requestsPerSecond.ToString("0.###", CultureInfo.InvariantCulture);

    private static Configuration? Chosen(TuningResult result) =>
        (result.Selection.Recommended ?? result.Selection.Closest ?? result.Selection.Baseline)?.Configuration;

    /// <summary>The knobs that restart the server (every knob but the GPU clock cap and power limit), as chosen.
    /// </summary>
    private static Configuration ServerKnobs(SearchSpace space, Configuration? chosen)
    {
        // The baseline may lie outside the pinned space (it is measured as the host runs); server knobs come
        // from a configuration the space admits.
        var from =
            new[] { chosen, space.Baseline }.FirstOrDefault(c => c is not null && space.Admits(c))
            ?? space.Enumerate().FirstOrDefault()
            ?? throw new OptimizeInputException(["the space has no configuration to tune"]);
        return new Configuration(
            space
                .Knobs.Where(k => k.Kind is not (KnobKind.GpuSmClockCap or KnobKind.GpuPowerLimit))
                .Where(k => from.TryGet(k.Name, out _))
                .Select(k => KeyValuePair.Create(k.Name, from[k.Name]))
        );
    }
}
