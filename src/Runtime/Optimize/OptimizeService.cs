using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Recommender.Validation;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Targets;
using MLEnergy.Runtime.Trials;

namespace MLEnergy.Runtime.Optimize;

/// <summary>
/// The <c>optimize</c> job: set up the target, restrict the space as asked, check everything before any
/// trial, tune, and write result.json to the run folder.
/// </summary>
public sealed class OptimizeService(TargetFactory targets, TimeProvider time)
{
    public TargetSetup Prepare(OptimizeRequest request)
    {
        var setup = targets.Create(request);
        var space = request.Pins.Aggregate(setup.Space, (s, pin) => s.Restrict(pin.Knob, pin.Values));
        var findings = TuningValidator.Validate(space, request.Slo, setup.Evaluator.MetricNames);
        return findings.Count > 0 ? throw new OptimizeInputException(findings) : setup with { Space = space };
    }

    public async Task<OptimizeOutcome> RunAsync(
        OptimizeRequest request, TargetSetup setup, IProgress<TrialProgress>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var folder = RunFolder.Create(request.OutputDirectory, request.StateDirectory, setup.Space.Name, started);
        var host = setup.Evaluator as IHostSession;
        try
        {
            host?.Attach(folder);
            var loop = new TuningLoop(setup.Evaluator, CreateStrategy(request.Strategy), progress);
            var run = await loop.RunAsync(new TuningRequest(setup.Space, request.Slo, request.MaxTrials), cancellationToken);
            var result = TuningResult.From(setup.Space, request.Slo, setup.Evaluator.Description, run, started, time.GetUtcNow());
            await File.WriteAllTextAsync(folder.ResultFile, ResultJsonWriter.Write(result), cancellationToken);
            var check = request.VerifyOutputs && host is not null && setup.Space.Baseline is { } baseline && result.Selection.Recommended is { } chosen
                ? await host.VerifyOutputsAsync(baseline, chosen.Configuration, cancellationToken)
                : null;
            if (check is not null)
            {
                await File.WriteAllLinesAsync(Path.Combine(folder.Path, "output-check.txt"), [check.Summary, .. check.Differences], cancellationToken);
            }

            return new OptimizeOutcome(result, folder, setup.IsSimulated) { OutputCheck = check };
        }
        finally
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }
        }
    }

    /// <summary>What a run would change on the host, in trial order, without changing anything.</summary>
    public static IReadOnlyList<string> DescribeDryRun(OptimizeRequest request, TargetSetup setup)
    {
        var space = setup.Space;
        var order = RestartOrder.Sort(space, space.Enumerate()).ToList();
        if (space.Baseline is { } baseline)
        {
            order = [baseline, .. order.Where(c => !c.Equals(baseline))];
        }

        order = [.. order.Take(request.MaxTrials ?? int.MaxValue)];
        return setup.Evaluator is IHostSession host
            ? [$"dry run: {order.Count} trials on {setup.Evaluator.Description}; nothing was changed", .. host.DescribeChanges(order)]
            : [$"dry run: {order.Count} trials on {setup.Evaluator.Description}, which changes nothing on this host"];
    }

    private static ISearchStrategy CreateStrategy(string name) => name switch
    {
        "grid" => new GridStrategy(),
        _ => throw new OptimizeInputException([$"unknown strategy '{name}': use grid"]),
    };
}
