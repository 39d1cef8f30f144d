using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Recommender.Validation;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Stores;
using MLEnergy.Runtime.Targets;
using MLEnergy.Runtime.Trials;

namespace MLEnergy.Runtime.Optimize;

/// <summary>
/// The <c>optimize</c> job: set up the target, restrict the space as asked, check everything before any
/// trial, open the history store and the run folder (resuming an interrupted run when asked), tune with
/// every trial stored as it finishes, and write result.json and the reports to the run folder.
/// </summary>
public sealed class OptimizeService(TargetFactory targets, TimeProvider time)
{
    public TargetSetup Prepare(OptimizeRequest request)
    {
        StrategyFactory.Create(request.Strategy, request.Seed);
        var setup = targets.Create(request);
        var space = request.Pins.Aggregate(setup.Space, (s, pin) => s.Restrict(pin.Knob, pin.Values));
        var findings = TuningValidator.Validate(space, request.Slo, setup.Evaluator.MetricNames);
        return findings.Count > 0 ? throw new OptimizeInputException(findings) : setup with { Space = space };
    }

    public Task<OptimizeOutcome> RunAsync(
        OptimizeRequest request, TargetSetup setup, IProgress<TrialProgress>? progress, CancellationToken cancellationToken) =>
        RunAsync(request, setup, progress, RunPlan.Default, cancellationToken);

    public async Task<OptimizeOutcome> RunAsync(
        OptimizeRequest request, TargetSetup setup, IProgress<TrialProgress>? progress, RunPlan plan, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        StateDirectory.EnsureWritable(request.StateDirectory);
        var store = plan.Store ?? await TrialStoreFactory.OpenAsync(request.Store, request.StateDirectory, cancellationToken);
        var host = setup.Evaluator as IHostSession;
        try
        {
            var proposed = new RunRecord(
                RunSession.NewId(started, setup.Space.Name), request.HostId, RunFingerprint.Of(request, setup.Space), setup.Space.Name,
                request.Target ?? setup.Space.Target, setup.Space.Model, request.Gpu ?? setup.Space.GpuModel, request.Slo.ToString(),
                string.Empty, plan.Kind, started);
            var session = await RunSession.StartAsync(
                store, time, proposed, request.OutputDirectory, request.StateDirectory, request.Resume && plan.Kind == RunKind.Tune, cancellationToken);
            host?.Attach(session.Folder);
            var strategy = StrategyFactory.Create(request.Strategy, request.Seed);
            var loop = new TuningLoop(setup.Evaluator, plan.WrapStrategy?.Invoke(strategy) ?? strategy, progress, session);
            TuningRun run;
            try
            {
                var tuning = new TuningRequest(setup.Space, request.Slo).WithBudget(request.Budget) with { Previous = [.. session.Previous, .. plan.WarmStart] };
                run = await loop.RunAsync(tuning, cancellationToken);
            }
            catch (Exception)
            {
                await session.InterruptAsync();
                throw;
            }

            var result = TuningResult.From(setup.Space, request.Slo, setup.Evaluator.Description, run, session.Resumed ? session.Run.StartedAt : started, time.GetUtcNow());
            var options = new ReportOptions
            {
                PricePerKwh = request.PricePerKwh,
                GramsCo2PerKwh = request.GramsCo2PerKwh,
                Notes = plan.Notes,
                NotesHeading = plan.NotesHeading,
            };
            await RunFolderWriter.WriteAsync(session.Folder, result, options, cancellationToken);
            await session.FinishAsync(result, cancellationToken);
            var check = request.VerifyOutputs && host is not null && setup.Space.Baseline is { } baseline && result.Selection.Recommended is { } chosen
                ? await host.VerifyOutputsAsync(baseline, chosen.Configuration, cancellationToken)
                : null;
            if (check is not null)
            {
                await File.WriteAllLinesAsync(Path.Combine(session.Folder.Path, "output-check.txt"), [check.Summary, .. check.Differences], cancellationToken);
            }

            return new OptimizeOutcome(result, session.Folder, setup.IsSimulated)
            {
                OutputCheck = check,
                RunId = session.Run.Id,
                ResumedTrials = session.Resumed ? session.Previous.Count : null,
            };
        }
        finally
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            if (plan.Store is null)
            {
                await store.DisposeAsync();
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
}
