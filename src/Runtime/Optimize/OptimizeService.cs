using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Recommender.Validation;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Targets;

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
        var loop = new TuningLoop(setup.Evaluator, CreateStrategy(request.Strategy), progress);
        var run = await loop.RunAsync(new TuningRequest(setup.Space, request.Slo, request.MaxTrials), cancellationToken);
        var result = TuningResult.From(setup.Space, request.Slo, setup.Evaluator.Description, run, started, time.GetUtcNow());
        await File.WriteAllTextAsync(folder.ResultFile, ResultJsonWriter.Write(result), cancellationToken);
        return new OptimizeOutcome(result, folder, setup.IsSimulated);
    }

    private static ISearchStrategy CreateStrategy(string name) => name switch
    {
        "grid" => new GridStrategy(),
        _ => throw new OptimizeInputException([$"unknown strategy '{name}': use grid"]),
    };
}
