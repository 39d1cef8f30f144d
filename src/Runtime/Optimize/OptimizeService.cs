using System.Globalization;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Recommender.Validation;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Stores;
using MLEnergy.Runtime.Targets;
using MLEnergy.Runtime.Targets.Simulated;
using MLEnergy.Runtime.Trials;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Optimize;

/// <summary>
/// The <c>optimize</c> job: set up the target, restrict the space as asked and check everything before the host is
/// touched; then, on a host session its caller opened, tune through the run lifecycle with every trial stored as it
/// finishes (resuming an interrupted run when asked), and check outputs when asked.
/// </summary>
public sealed class OptimizeService(TargetFactory targets, TimeProvider time)
{
    /// <summary>Sets up and validates the target; touches nothing on the host.</summary>
    /// <summary>The most configurations (before constraints) a space may have.</summary>
    public const int MaxConfigurations = 1_000_000;

    public async Task<TargetSetup> PrepareAsync(OptimizeRequest request, CancellationToken cancellationToken)
    {
        StrategyFactory.Create(request.Strategy, request.Seed);
        var setup = await targets.CreateAsync(request, cancellationToken);
        var space = request.Pins.Aggregate(setup.Space, (s, pin) => s.Restrict(pin.Knob, pin.Values));
        var size = space.Listed.IsEmpty
            ? space.Knobs.Aggregate(1.0, (n, k) => n * Math.Max(1, k.Values.Length))
            : space.Listed.Length;
        if (size > MaxConfigurations)
        {
            // Counted before anything is enumerated: a strategy holds every configuration of the space.
            throw new OptimizeInputException([
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"the space has {size:0.###e+0} configurations before constraints; at most "
                        + $"{MaxConfigurations:N0} can be searched: pin knobs with --set or give fewer values"
                ),
            ]);
        }

        var diffusion = space.Objective is ObjectiveKind.EnergyPerImage or ObjectiveKind.EnergyPerVideo;
        if (setup.IsSimulated && !diffusion && SimulatedKnobMapping.Unmodelled(space) is { } unmodelled)
        {
            throw new TargetException(unmodelled);
        }

        var findings = TuningValidator.Validate(space, request.Slo, setup.MetricNames).ToList();
        if (!request.LoadLevels.IsEmpty)
        {
            findings.AddRange(LoadLevelFindings(request, setup));
        }

        if (request.Noise > 0 && setup.Target is not TargetSpec.Replay)
        {
            findings.Add(
                $"--noise adds noise to replayed measurements, and {setup.Target} is not a replay: leave --noise out"
            );
        }

        return findings.Count > 0 ? throw new OptimizeInputException(findings) : setup with { Space = space };
    }

    private static IEnumerable<string> LoadLevelFindings(OptimizeRequest request, TargetSetup setup)
    {
        if (request.Load is not null)
        {
            yield return "--load and --load-levels cannot be combined: each level is tuned under Poisson arrivals";
        }

        if (setup.Target is TargetSpec.Replay)
        {
            yield return "--load-levels needs a target whose load can be set (sim or a serving host), not a replay";
        }
    }

    /// <summary>One tuning run on an open host session, with the request's history store.</summary>
    public async Task<OptimizeOutcome> RunAsync(
        OptimizeRequest request,
        TargetSetup setup,
        IHostSession host,
        IProgress<TrialProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        StateDirectory.EnsureWritable(request.StateDirectory);
        await using var store = await TrialStoreFactory.OpenAsync(
            request.Store,
            request.StateDirectory,
            cancellationToken
        );
        var run = new RunDefinition(RunKind.Tune, TuningMeasurement.For(request, setup.Space))
        {
            Resume = request.Resume,
            OutputDirectory = request.OutputDirectory,
        };
        return await TuneAsync(request, setup, host, store, run, progress, cancellationToken);
    }

    /// <summary>A tuning run through the run lifecycle, then the output check when the request asks for one.</summary>
    public async Task<OptimizeOutcome> TuneAsync(
        OptimizeRequest request,
        TargetSetup setup,
        IHostSession host,
        ITrialStore store,
        RunDefinition run,
        IProgress<TrialProgress>? progress,
        CancellationToken cancellationToken
    )
    {
        var finished = await new RunLifecycle(store, time).RunAsync(
            request,
            setup.Space,
            host,
            run,
            progress,
            cancellationToken
        );
        var (result, session) = (finished.Result, finished.Session);
        var check =
            request.VerifyOutputs && setup.Space.Baseline is { } baseline && result.Selection.Recommended is { } chosen
                ? await host.VerifyOutputsAsync(baseline, chosen.Configuration, cancellationToken)
                : null;
        if (check is not null)
        {
            await File.WriteAllLinesAsync(
                Path.Combine(session.Folder.Path, "output-check.txt"),
                [check.Summary, .. check.Differences],
                cancellationToken
            );
        }

        return new OptimizeOutcome(result, session.Folder, setup.IsSimulated)
        {
            OutputCheck = check,
            RunId = session.Run.Id,
            ResumedTrials = session.Resumed ? session.Previous.Count : null,
        };
    }

    /// <summary>What a run would change on the host, in trial order, without changing anything.</summary>
    public static IReadOnlyList<string> DescribeDryRun(OptimizeRequest request, SearchSpace space, IHostSession host)
    {
        var order = RestartOrder.Sort(space, space.Enumerate()).ToList();
        if (space.Baseline is { } baseline)
        {
            order = [baseline, .. order.Where(c => !c.Equals(baseline))];
        }

        order = [.. order.Take(request.MaxTrials ?? int.MaxValue)];
        var description = host.Evaluator.Description;
        if (request.LoadLevels is [.. var lower, var top] && host.Evaluator is ILoadLevelEvaluator levels)
        {
            // Levels are tuned from the top down: the first trials run at the top level's rate, not the plain load.
            var rates = string.Join(", ", lower.Select(r => r.ToString("0.###", CultureInfo.InvariantCulture)));
            description =
                levels.AtRate(top).Description
                + (
                    lower.Length == 0
                        ? string.Empty
                        : $", then the lower load levels ({rates} {MetricCatalogue.OfferedRate.Unit})"
                );
        }

        return host.ChangesHost
            ?
            [
                $"dry run: {CountText.Of(order.Count, "trial")} on {description}; nothing was changed",
                .. host.DescribeChanges(order),
            ]
            : [$"dry run: {CountText.Of(order.Count, "trial")} on {description}, which changes nothing on this host"];
    }
}
