using MLEnergy.Cli.Output;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Actuators;
using MLEnergy.Runtime.Nightly;
using MLEnergy.Runtime.Optimize;
using MLEnergy.Runtime.Plans;
using MLEnergy.Runtime.Replay;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Servers;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Stores;
using MLEnergy.Runtime.Studies;
using MLEnergy.Runtime.Targets;
using MLEnergy.Runtime.Targets.Simulated;
using MLEnergy.Simulation;
using MLEnergy.Units;
using Serilog;

namespace MLEnergy.Cli.Commands;

/// <summary>
/// Runs one optimize request: wiring, progress, the printed result and the exit code. The host session is opened here,
/// once, after validation has passed, and disposed here whatever the path (run, nightly, dry run) and however it ends.
/// </summary>
internal sealed class OptimizeRunner(IConsoleOutput console)
{
    public async Task<int> RunAsync(
        Func<OptimizeRequest> bind,
        bool json,
        bool verbose,
        CancellationToken cancellationToken,
        bool nightly = false
    )
    {
        var service = new OptimizeService(
            new TargetFactory(ShippedFiles.NextToProgram(), SimulatedHosts.CreateDefault),
            TimeProvider.System
        );
        var request = bind();
        if (nightly && !request.LoadLevels.IsEmpty)
        {
            throw new OptionValueException("--nightly and --load-levels cannot be combined");
        }

        if (nightly && request.Resume)
        {
            throw new OptionValueException(
                "--nightly and --resume cannot be combined: --nightly re-checks the last recommendation and, after "
                    + "drift, re-tunes warm-started from its trials by itself"
            );
        }

        if (request.Study is not null && (nightly || !request.LoadLevels.IsEmpty))
        {
            throw new OptionValueException(
                "--study cannot be combined with --nightly or --load-levels: a study re-checks by itself when a "
                    + "finished one answered its problem"
            );
        }

        if (request.Study is not null)
        {
            StudyService.Check(request);
        }

        var setup = await service.PrepareAsync(request, cancellationToken);

        if (setup.IsSimulated && !request.DryRun)
        {
            await console.Error.WriteLineAsync(
                "Simulated host: no GPU is being measured. Point mlenergy at a real one with --target or --space."
            );
        }

        using var activity = json
            ? null
            : new HostActivityPrinter(console.Error, console.ErrorIsTerminal, TimeProvider.System);
        var host = await setup.OpenAsync(cancellationToken, activity);
        int code;
        try
        {
            code = await OnHostAsync();
        }
        finally
        {
            await host.DisposeAsync();
            foreach (var line in host.LeftChanged)
            {
                await console.Error.WriteLineAsync($"mlenergy: {line}");
            }
        }

        return host.LeftChanged.Count > 0 ? (int)ExitCode.Failure : code;

        async Task<int> OnHostAsync()
        {
            foreach (var notice in host.Notices)
            {
                await console.Error.WriteLineAsync($"mlenergy: {notice}");
            }

            if (request.DryRun)
            {
                foreach (var line in OptimizeService.DescribeDryRun(request, setup.Space, host))
                {
                    await console.Out.WriteLineAsync(line);
                }

                return (int)ExitCode.Success;
            }

            using var log = CreateLog(request, verbose);
            var progress = new TrialProgressPrinter(
                console.Error,
                log,
                request.Slo,
                setup.Space.Objective.MetricName(),
                setup.Space.DescribedKnobs(setup.Space.Baseline is { } baseline ? [baseline] : []),
                quiet: json,
                activity: activity,
                leader: RecommendationSelector.Leader(
                    request.Slo,
                    setup.Space.Objective,
                    setup.Space.Baseline,
                    ThroughputFloors.For(request, setup.Space),
                    setup.Space
                ),
                space: setup.Space
            );
            if (nightly)
            {
                var night = await new NightlyService(service, TimeProvider.System).RunAsync(
                    request,
                    setup,
                    host,
                    progress,
                    cancellationToken
                );
                return await new NightlyPrinter(console).PrintAsync(night, json);
            }

            if (!request.LoadLevels.IsEmpty)
            {
                var plan = await new LoadPlanService(TimeProvider.System).RunAsync(
                    request,
                    setup,
                    host,
                    progress,
                    new LevelProgressPrinter(console.Error, quiet: json),
                    cancellationToken
                );
                return await new LoadPlanPrinter(console).PrintAsync(plan, json);
            }

            if (request.Study is not null)
            {
                var study = await new StudyService(service, TimeProvider.System).RunAsync(
                    request,
                    setup,
                    host,
                    progress,
                    cancellationToken
                );
                if (study.Transfer is { } transfer)
                {
                    await console.Error.WriteLineAsync(
                        $"Study '{study.Study}': the finished study '{study.TransferredFrom}' answered this problem; "
                            + "re-checked its recommendation and the baseline instead of searching."
                    );
                    return await new NightlyPrinter(console).PrintAsync(transfer, json);
                }

                return await PrintAsync(study.Tuned!, json);
            }

            var outcome = await service.RunAsync(request, setup, host, progress, cancellationToken);
            if (outcome.ResumedTrials is { } resumed)
            {
                var were = resumed == 1 ? "was" : "were";
                await console.Error.WriteLineAsync(
                    $"Resumed run {outcome.RunId}: {CountText.Of(resumed, "trial")} {were} already measured and "
                        + $"{were} not repeated."
                );
            }
            else if (request.Resume)
            {
                await console.Error.WriteLineAsync(
                    "Nothing to resume for this space, target, SLO and --confidence: started a new run."
                );
            }

            return await PrintAsync(outcome, json);
        }
    }

    private async Task<int> PrintAsync(OptimizeOutcome outcome, bool json)
    {
        if (json)
        {
            await console.Out.WriteAsync(ResultJsonWriter.Write(outcome.Result));
        }
        else
        {
            SummaryTextWriter.Write(
                console.Out,
                outcome.Result,
                new SummaryContext(outcome.RunId, TargetSpec.Parse(outcome.Result.Space.Target).HasHost)
            );
            await console.Out.WriteLineAsync($"Run: {outcome.RunId}");
            await console.Out.WriteLineAsync(
                $"Folder: {outcome.Folder.Path} ({Path.GetFileName(outcome.Folder.ResultFile)}, "
                    + $"{RunFolderWriter.MarkdownReport}, {RunFolderWriter.HtmlReport})"
            );
        }

        if (outcome.OutputCheck is { } check)
        {
            await console.Error.WriteLineAsync(check.Summary);
        }

        return (int)OutcomeCodes.Of(outcome.Result.Selection.Decision);
    }

    private static Serilog.Core.Logger CreateLog(OptimizeRequest request, bool verbose)
    {
        var directory = request.OutputDirectory ?? Path.Combine(request.StateDirectory, "logs");
        var configuration = new LoggerConfiguration()
            .MinimumLevel.Debug()
            .WriteTo.File(
                Path.Combine(directory, "mlenergy.log"),
                formatProvider: System.Globalization.CultureInfo.InvariantCulture
            );
        if (verbose)
        {
            configuration = configuration.WriteTo.Console(
                standardErrorFromLevel: Serilog.Events.LogEventLevel.Verbose,
                formatProvider: System.Globalization.CultureInfo.InvariantCulture
            );
        }

        return configuration.CreateLogger();
    }
}
