using System.Collections.Immutable;
using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Search;
using MLEnergy.Runtime.Optimize;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Stores;
using MLEnergy.Runtime.Targets;

namespace MLEnergy.Runtime.Nightly;

/// <summary>
/// <c>optimize --nightly</c>: re-measure the last recommendation and the baseline a few times; when energy or
/// an SLO latency moved beyond its confidence interval, re-tune warm-started from the history (old frontier
/// first, fresh measurements reused) and say what drifted; otherwise record the check and stop.
/// </summary>
public sealed class NightlyService(OptimizeService optimize, TimeProvider time, int repetitions = 3)
{
    public async Task<NightlyOutcome> RunAsync(
        OptimizeRequest request, TargetSetup setup, IProgress<TrialProgress>? progress, CancellationToken cancellationToken)
    {
        StateDirectory.EnsureWritable(request.StateDirectory);
        await using var store = await TrialStoreFactory.OpenAsync(request.Store, request.StateDirectory, cancellationToken);
        var fingerprint = RunFingerprint.Of(request, setup.Space);
        var runs = (await store.ListRunsAsync(cancellationToken))
            .Where(r => r.Run.Fingerprint == fingerprint && r.Run.HostId == request.HostId && r.Status == RunStatus.Finished).ToList();
        var last = runs.LastOrDefault(r => r.Run.Kind != RunKind.NightlyCheck && r.Completion?.Recommended is not null);
        if (last is null)
        {
            var first = await optimize.RunAsync(request, setup, progress, new RunPlan
            {
                Kind = RunKind.NightlyRetune,
                Store = store,
                NotesHeading = "Nightly check",
                Notes = ["No earlier recommendation for this space, target and SLO on this host: tuned from scratch."],
            }, cancellationToken);
            return new NightlyOutcome(null, [], first);
        }

        var history = new List<Observation>();
        foreach (var run in runs.Where(r => r.Run.StartedAt >= last.Run.StartedAt))
        {
            history.AddRange((await store.TrialsAsync(run.Run.Id, cancellationToken)).Where(o => o.Feasible));
        }

        var recommended = history.First(o => o.Configuration.Key == last.Completion!.Recommended).Configuration;
        var check = await CheckAsync(request, setup, store, recommended, progress, cancellationToken);
        var metrics = request.Slo.Constraints.Select(c => c.MetricName).Prepend(check.Result.EnergyMetric).Distinct().ToList();
        var findings = Compare("recommendation", recommended, history, check.Fresh, metrics)
            .Concat(setup.Space.Baseline is { } baseline && !baseline.Equals(recommended) ? Compare("baseline", baseline, history, check.Fresh, metrics) : [])
            .ToImmutableArray();
        if (!findings.Any(f => f.Drifted))
        {
            return new NightlyOutcome(check.Folder, findings, null);
        }

        var lastFrontier = ParetoFrontierOf(history, check.Result);
        var retune = await optimize.RunAsync(request, setup, progress, new RunPlan
        {
            Kind = RunKind.NightlyRetune,
            Store = store,
            WarmStart = check.Fresh.GroupBy(o => o.Configuration).Select(g => g.Last()).ToList(),
            WrapStrategy = inner => new WarmStartStrategy(inner, lastFrontier),
            NotesHeading = "What drifted",
            Notes = [.. findings.Where(f => f.Drifted).Select(f => f.ToString()), $"Re-measured in {check.Folder.Path}; re-tuned, starting from the last frontier."],
        }, cancellationToken);
        return new NightlyOutcome(check.Folder, findings, retune);
    }

    private async Task<(RunFolder Folder, TuningResult Result, List<Observation> Fresh)> CheckAsync(
        OptimizeRequest request, TargetSetup setup, ITrialStore store, Configuration recommended, IProgress<TrialProgress>? progress, CancellationToken cancellationToken)
    {
        var started = time.GetUtcNow();
        var proposed = new RunRecord(
            RunSession.NewId(started, setup.Space.Name + "-check"), request.HostId, RunFingerprint.Of(request, setup.Space), setup.Space.Name,
            request.Target ?? setup.Space.Target, setup.Space.Model, request.Gpu ?? setup.Space.GpuModel, request.Slo.ToString(), string.Empty, RunKind.NightlyCheck, started);
        var session = await RunSession.StartAsync(store, time, proposed, null, request.StateDirectory, resume: false, cancellationToken);
        var configurations = new[] { recommended, setup.Space.Baseline }.OfType<Configuration>().Distinct().ToList();
        var fresh = new List<Observation>();
        try
        {
            for (var repetition = 0; repetition < repetitions; repetition++)
            {
                foreach (var configuration in configurations)
                {
                    cancellationToken.ThrowIfCancellationRequested();
                    var observation = await setup.Evaluator.EvaluateAsync(new TrialRequest(configuration, TrialFidelity.Full, repetition), cancellationToken);
                    fresh.Add(observation);
                    var trial = new TrialProgress(fresh.Count, configurations.Count * repetitions, observation, Restarted: false);
                    await session.RecordAsync(trial, CancellationToken.None);
                    progress?.Report(trial);
                }
            }
        }
        catch (Exception)
        {
            await session.InterruptAsync();
            throw;
        }

        var run = new TuningRun(fresh, fresh.Count, configurations.Count, "nightly-check", "re-measured the last recommendation and the baseline", 0);
        var result = TuningResult.From(setup.Space, request.Slo, setup.Evaluator.Description, run, started, time.GetUtcNow());
        await RunFolderWriter.WriteAsync(session.Folder, result, new ReportOptions { PricePerKwh = request.PricePerKwh, GramsCo2PerKwh = request.GramsCo2PerKwh, NotesHeading = "Nightly check", Notes = ["Re-measurement of the last recommendation and the baseline."] }, cancellationToken);
        await session.FinishAsync(result, cancellationToken);
        return (session.Folder, result, fresh);
    }

    private static IEnumerable<DriftFinding> Compare(
        string role, Configuration configuration, List<Observation> history, List<Observation> fresh, List<string> metrics)
    {
        foreach (var metric in metrics)
        {
            var before = history.Where(o => o.Configuration.Equals(configuration)).Select(o => o.Metric(metric)).OfType<double>().ToList();
            var after = fresh.Where(o => o.Configuration.Equals(configuration)).Select(o => o.Metric(metric)).OfType<double>().ToList();
            if (before.Count > 0 && after.Count > 0)
            {
                yield return DriftDetector.Compare(role, configuration.Key, metric, before, after);
            }
        }
    }

    private static ImmutableArray<Configuration> ParetoFrontierOf(List<Observation> history, TuningResult check) =>
        [.. Recommender.Pareto.ParetoFrontier.Of(history, check.LatencyMetric, check.EnergyMetric).Select(o => o.Configuration)];
}
