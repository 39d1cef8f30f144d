using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Plans;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;
using MLEnergy.Runtime.Optimize;
using MLEnergy.Runtime.Plans;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Stores;
using MLEnergy.Runtime.Targets;
using MLEnergy.Runtime.Targets.Simulated;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Plans;

/// <summary>Plans per load level tuned on the built-in simulated host with small budgets.</summary>
public sealed class LoadPlanServiceTests : IDisposable
{
    // The top level is within what the baseline's server knobs keep up with under Poisson arrivals (at 8 req/s
    // tensor parallel 1 falls behind, the plan moves to 2 and pays for it at the light levels).
    private static readonly double[] Levels = [1, 3, 6];

    private readonly TempFolder _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task APlanHasOneBandPerLevelContiguousFromZeroWithTheServerKnobsSharedByEveryBand()
    {
        var (outcome, levels) = await PlanAsync(Request());
        var plan = outcome.Evaluation.Plan;

        plan.Bands.Select(b => b.LevelRequestsPerSecond).Should().Equal(Levels);
        plan.Bands.Select(b => b.FromRequestsPerSecond).Should().Equal(0, 1, 3);
        plan.Bands.Select(b => b.ToRequestsPerSecond).Should().Equal(1, 3, 6);
        plan.IsAboveTopLevel(6.01).Should().BeTrue("nothing was measured above the top level");
        plan.ServerKnobs.Values.Keys.Should().BeEquivalentTo("max_num_seqs", "tensor_parallel");
        foreach (var band in plan.Bands)
        {
            foreach (var (knob, value) in plan.ServerKnobs.Values)
            {
                band.Configuration[knob].Should().Be(value, $"band {band.LevelRequestsPerSecond} shares {knob}");
            }

            band.SmClockCapMhz.Should().Be(band.Configuration.Number("sm_clock_cap_mhz"));
            band.PowerLimitWatts.Should().Be(band.Configuration.Number("power_limit_w"));
            band.MeetsSlo.Should().BeTrue();
            band.LatencyMs.Should().BeGreaterThan(0).And.BeLessThanOrEqualTo(50);
        }

        levels
            .Select(l => (l.RequestsPerSecond, l.ServerKnobs is null))
            .Should()
            .Equal((6, true), (3, false), (1, false));
        levels[1].WarmStartFrom.Should().Be(6);
        levels[2].WarmStartFrom.Should().Be(3);
    }

    [Fact]
    public async Task AtEveryLevelThePlanUsesNoMoreEnergyThanTheBestStaticConfigurationAndLessThanTheBaseline()
    {
        var (outcome, _) = await PlanAsync(Request());
        var evaluation = outcome.Evaluation;

        evaluation.Static.Should().NotBeNull();
        evaluation.Levels.Should().HaveCount(3);
        foreach (var level in evaluation.Levels)
        {
            var planned = level.Planned!.Metric(evaluation.EnergyMetric)!.Value;
            planned.Should().BeLessThanOrEqualTo(level.Static!.Metric(evaluation.EnergyMetric)!.Value);
            planned.Should().BeLessThan(level.Baseline!.Metric(evaluation.EnergyMetric)!.Value);
        }

        var bands = evaluation.Plan.Bands;
        bands[0].EnergyPerTokenJoules.Should().BeGreaterThan(bands[^1].EnergyPerTokenJoules!.Value, "light load idles");
        bands[0].SmClockCapMhz.Should().BeLessThanOrEqualTo(bands[^1].SmClockCapMhz!.Value);
        bands[0].AveragePowerWatts.Should().BeLessThan(bands[^1].AveragePowerWatts!.Value);
    }

    [Fact]
    public async Task ThePlanIsWrittenToTheTopLevelsFolderAndEachLowerLevelIsARunOfItsOwn()
    {
        var (outcome, _) = await PlanAsync(Request());

        var written = LoadPlanJson.Read(await File.ReadAllTextAsync(Path.Combine(outcome.Folder.Path, "plan.json")));
        written.Should().BeEquivalentTo(outcome.Evaluation.Plan);
        (await File.ReadAllTextAsync(outcome.Folder.ResultFile)).Should().Contain("\"loadPlan\": \"plan.json\"");
        Directory.Exists(Path.Combine(outcome.Folder.Path, "levels", "1rps")).Should().BeTrue();
        Directory.Exists(Path.Combine(outcome.Folder.Path, "levels", "3rps")).Should().BeTrue();
        var report = await File.ReadAllTextAsync(Path.Combine(outcome.Folder.Path, "report.md"));
        report.Should().Contain("## Plan per load level").And.Contain("| 0 - 1.00 | 1.00 |");
        var html = await File.ReadAllTextAsync(Path.Combine(outcome.Folder.Path, "report.html"));
        html.Should().Contain("<svg id=\"load-plan\"").And.Contain("class=\"plan-line plan\"");
        var runs = await RunsAsync();
        runs.Should().HaveCount(3).And.OnlyContain(r => r.Status == RunStatus.Finished);
        runs.Select(r => r.Run.Fingerprint).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public async Task ResumingAPlanInterruptedAtALowerLevelReadsBackTheLevelsItFinished()
    {
        var request = Request();
        using var cancel = new CancellationTokenSource();
        var progress = new CancelAtLevel(3, cancel);
        var interrupted = () => PlanAsync(request, progress, cancel.Token);
        await interrupted.Should().ThrowAsync<OperationCanceledException>();
        var before = await RunsAsync();
        before.Where(r => r.Status == RunStatus.Finished).Should().HaveCount(2);

        var (outcome, _) = await PlanAsync(request with { Resume = true });

        var after = await RunsAsync();
        after.Should().HaveCount(3, "the two finished levels were read back, not measured again");
        after.Take(2).Select(r => r.Trials).Should().Equal(before.Take(2).Select(r => r.Trials));
        after.Should().OnlyContain(r => r.Status == RunStatus.Finished);
        outcome.Evaluation.Plan.Bands.Should().HaveCount(3);
        File.Exists(Path.Combine(outcome.Folder.Path, "plan.json")).Should().BeTrue();
    }

    private OptimizeRequest Request() =>
        new()
        {
            // A p99 verdict needs more requests than the 300 s window holds at 1 request/s, so such trials are
            // invalid (validity gates); a p90 verdict needs far fewer.
            Slo = SloParser.ParseAll(["p90 tpot<=50ms"]),
            StateDirectory = _state.Path,
            LoadLevels = [.. Levels],
            Budget = TuningBudget.Trials(30),
            OutputDirectory = Path.Combine(_state.Path, "plan"),
            Seed = 1,
        };

    private static async Task<(LoadPlanOutcome Outcome, List<LevelStart> Levels)> PlanAsync(
        OptimizeRequest request,
        IProgress<LevelStart>? progress = null,
        CancellationToken cancellationToken = default
    )
    {
        var targets = new TargetFactory(
            new ShippedFiles(RepositoryPaths.Data(), Path.Combine(RepositoryPaths.Root, "search-spaces")),
            SimulatedHosts.CreateDefault
        );
        var setup = await new OptimizeService(targets, TimeProvider.System).PrepareAsync(request, cancellationToken);
        await using var host = await setup.OpenAsync(cancellationToken);
        var levels = new List<LevelStart>();
        var outcome = await new LoadPlanService(TimeProvider.System).RunAsync(
            request,
            setup,
            host,
            null,
            new Both(levels, progress),
            cancellationToken
        );
        return (outcome, levels);
    }

    private async Task<List<RunSummary>> RunsAsync()
    {
        await using var store = await TrialStoreFactory.OpenAsync(null, _state.Path, CancellationToken.None);
        return [.. await store.ListRunsAsync(CancellationToken.None)];
    }

    private sealed class Both(List<LevelStart> levels, IProgress<LevelStart>? next) : IProgress<LevelStart>
    {
        public void Report(LevelStart value)
        {
            levels.Add(value);
            next?.Report(value);
        }
    }

    private sealed class CancelAtLevel(int number, CancellationTokenSource cancel) : IProgress<LevelStart>
    {
        public void Report(LevelStart value)
        {
            if (value.Number == number)
            {
                cancel.Cancel();
            }
        }
    }
}
