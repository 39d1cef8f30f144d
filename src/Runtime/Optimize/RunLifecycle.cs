using MLEnergy.Recommender.Reports;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Stores;
using MLEnergy.Runtime.Trials;

namespace MLEnergy.Runtime.Optimize;

/// <summary>
/// The one lifecycle of a run, whatever it measures: record it in the store (or resume it), keep the host's logs in
/// its folder, measure (marking the run interrupted if that fails or is cancelled), write result.json and the
/// reports, and finish it. The host session and the store belong to the caller.
/// </summary>
public sealed class RunLifecycle(ITrialStore store, TimeProvider time)
{
    public async Task<FinishedRun> RunAsync(
        OptimizeRequest request,
        SearchSpace space,
        IHostSession host,
        RunDefinition run,
        IProgress<TrialProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        var started = time.GetUtcNow();
        var proposed = new RunRecord(
            RunSession.NewId(started, space.Name + run.IdSuffix),
            request.HostId,
            RunFingerprint.Of(request, space) + run.FingerprintSuffix,
            space.Name,
            request.Target?.Text ?? space.Target,
            space.Model,
            request.Gpu ?? space.GpuModel,
            request.Slo.ToString(),
            string.Empty,
            run.Kind,
            started
        );
        var session = await RunSession.StartAsync(
            store,
            time,
            proposed,
            run.OutputDirectory,
            request.StateDirectory,
            run.Resume,
            cancellationToken
        );
        host.Attach(session.Folder);
        TuningRun measured;
        try
        {
            measured = await run.Measurement.MeasureAsync(host.Evaluator, session, progress, cancellationToken);
        }
        catch (Exception)
        {
            await session.InterruptAsync();
            throw;
        }

        var result = TuningResult.From(
            space,
            request.Slo,
            host.Evaluator.Description,
            measured,
            session.Resumed ? session.Run.StartedAt : started,
            time.GetUtcNow(),
            request.MinimumSavingPercent,
            ThroughputFloors.For(request, space)
        );
        var options = ReportOptionsFor(request, space, run, session.Run.Id);
        await RunFolderWriter.WriteAsync(session.Folder, result, options, cancellationToken);
        await session.FinishAsync(result, cancellationToken);
        return new FinishedRun(result, session, measured);
    }

    /// <summary>What the run's reports are written with.</summary>
    public static ReportOptions ReportOptionsFor(
        OptimizeRequest request,
        SearchSpace space,
        RunDefinition run,
        string runId
    ) =>
        new()
        {
            PricePerKwh = request.PricePerKwh,
            GramsCo2PerKwh = request.GramsCo2PerKwh,
            Notes = run.Notes,
            NotesHeading = run.NotesHeading,
            RunId = runId,
            HostCanApply = Requests.TargetSpec.Parse(space.Target).HasHost,
            GpuFacts = Apply.GpuFactsLookup.FromData(space.GpuModel),
        };
}
