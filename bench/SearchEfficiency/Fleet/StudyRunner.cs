using System.Diagnostics;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Selection;
using MLEnergy.Runtime.Stores;
using MLEnergy.Runtime.Studies;
using MLEnergy.SearchEfficiency.Running;
using MLEnergy.SearchEfficiency.Scenarios;

namespace MLEnergy.SearchEfficiency.Fleet;

/// <summary>Runs one scenario as a fresh study with N workers in this process, each with its own evaluator.</summary>
public sealed class StudyRunner(string store, string folder, double pace)
{
    public async Task<FleetRun> RunAsync(Scenario scenario, int workers, CancellationToken cancellationToken)
    {
        var name = $"bench-{Guid.NewGuid():N}";
        var time = TimeProvider.System;
        await using (await TrialStoreFactory.OpenAsync(store, folder, cancellationToken)) { }

        await using var studies = StudyStore.Open(store, time);
        await studies.JoinAsync(
            new StudyDefinition(name, name, scenario.Space.Name, scenario.Slo.ToString(), null, null),
            cancellationToken
        );
        var settings = new StudySettings(name, TimeSpan.FromSeconds(1));
        var clock = new HostClock();
        var watch = Stopwatch.StartNew();
        var runs = await Task.WhenAll(
            Enumerable
                .Range(0, workers)
                .Select(i => Task.Run(() => WorkAsync(scenario, studies, settings, clock, $"w{i}", cancellationToken)))
        );
        var wall = watch.Elapsed;
        var selection = RecommendationSelector.Select(
            runs[0].Merged,
            scenario.Slo,
            scenario.Space.Objective,
            scenario.Space.Baseline
        );
        var oracle = Oracle.BestEnergy(scenario);
        var gap = Oracle.Gap(scenario, selection.Recommended?.Configuration, oracle);
        var log = await studies.ReadAsync(name, settings.ClaimTimeout, cancellationToken);
        return new FleetRun(
            wall,
            clock.Makespan(log.Done),
            runs.Sum(r => r.TrialsMeasured),
            selection.Recommended?.Configuration.Key,
            gap,
            log.Done,
            log.Study.StopReason
        )
        {
            Idle = clock.Idle(log.Done),
            Finished = clock.Finished(log.Done),
        };
    }

    private async Task<TuningRun> WorkAsync(
        Scenario scenario,
        StudyStore studies,
        StudySettings settings,
        HostClock clock,
        string worker,
        CancellationToken cancellationToken
    )
    {
        var time = TimeProvider.System;
        await using var trials = await TrialStoreFactory.OpenAsync(store, folder, cancellationToken);
        var started = time.GetUtcNow();
        var record = new RunRecord(
            RunSession.NewId(started, scenario.Space.Name),
            worker,
            settings.Name,
            scenario.Space.Name,
            "bench",
            null,
            null,
            scenario.Slo.ToString(),
            string.Empty,
            RunKind.Tune,
            started
        );
        var session = await RunSession.StartAsync(
            trials,
            time,
            record,
            null,
            Path.Combine(folder, worker),
            false,
            cancellationToken
        );
        var measurement = new StudyMeasurement(
            studies,
            settings,
            new TuningRequest(scenario.Space, scenario.Slo),
            StrategyFactory.Create("auto", scenario.Name.Length),
            worker,
            time
        )
        {
            Claims = clock,
        };
        return await measurement.MeasureAsync(
            new PacedEvaluator(scenario.NewEvaluator(), pace),
            session,
            null,
            cancellationToken
        );
    }
}
