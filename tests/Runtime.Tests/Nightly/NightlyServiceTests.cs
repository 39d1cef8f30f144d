using System.Collections.Immutable;
using System.Text.Json.Nodes;
using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;
using MLEnergy.Runtime.Nightly;
using MLEnergy.Runtime.Optimize;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.State;
using MLEnergy.Runtime.Stores;
using MLEnergy.Runtime.Targets;
using MLEnergy.Runtime.Tests.Support;
using MLEnergy.Runtime.Trials;

namespace MLEnergy.Runtime.Tests.Nightly;

/// <summary>
/// Nightly runs on a private copy of a published table, which the tests change to make the host drift.
/// </summary>
public sealed class NightlyServiceTests : IDisposable
{
    private readonly TempFolder _state = new();
    private readonly string _table;
    private readonly OptimizeService _optimize;

    public NightlyServiceTests()
    {
        _table = _state.File("lm-arena-chat.json");
        File.Copy(RepositoryPaths.Data("ml-energy-leaderboard-v3", "lm-arena-chat.json"), _table);
        var shipped = new ShippedFiles(RepositoryPaths.Data(), Path.Combine(RepositoryPaths.Root, "search-spaces"));
        _optimize = new OptimizeService(
            new TargetFactory(shipped, () => throw new InvalidOperationException("no simulated host here")),
            TimeProvider.System
        );
    }

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task TheFirstNightlyRunIsOneTuningRunFromScratch()
    {
        var (outcome, session) = await NightlyAsync();

        outcome.FirstRun.Should().BeTrue();
        outcome.Retune!.Result.Selection.Recommended.Should().NotBeNull();
        (await RunsAsync())
            .Select(r => (r.Run.Kind, r.Status))
            .Should()
            .Equal((RunKind.NightlyRetune, RunStatus.Finished));
        session.Attached.Should().Equal(outcome.Retune.Folder.Path);
        session.Disposed.Should().BeFalse("the session belongs to whoever opened it");
    }

    [Fact]
    public async Task WithoutDriftOnlyAReCheckRunIsAddedAndItMeasuredTheSameValues()
    {
        var first = await TuneAsync();

        var (outcome, session) = await NightlyAsync();
        var recommended = Recommender.Reports.ReportFormat.Describe(
            first.Result.Selection.Recommended!.Configuration,
            []
        );

        outcome.Retuned.Should().BeFalse();
        outcome.Findings.Should().NotBeEmpty().And.OnlyContain(f => !f.Drifted && f.Before == f.After);
        outcome
            .Findings.Should()
            .Contain(f =>
                f.Role == "recommendation" && f.Metric == "energy_per_token_j" && f.Configuration == recommended
            );
        var runs = await RunsAsync();
        runs.Select(r => r.Run.Kind).Should().Equal(RunKind.Tune, RunKind.NightlyCheck);
        var configurations = outcome.Findings.Select(f => f.Configuration).Distinct().Count();
        runs[1].Trials.Should().Be(3 * configurations, "each configuration is re-measured three times");
        runs[1].Status.Should().Be(RunStatus.Finished);
        session.Attached.Should().Equal(outcome.CheckFolder!.Path);
        File.ReadAllText(Path.Combine(outcome.CheckFolder.Path, RunFolderWriter.MarkdownReport))
            .Should()
            .Contain("Nightly check");
        session.Disposed.Should().BeFalse();
    }

    [Fact]
    public async Task TheNightlyCheckReChecksAtTheLevelItsRunWasCertifiedAtAndNeverAgainstAnotherLevel()
    {
        var at90 = Request() with { Slo = Request().Slo with { Confidence = new SloConfidence(0.9) } };
        await TuneAsync(at90);

        var (check, _) = await NightlyAsync(nightly: at90);
        var (other, _) = await NightlyAsync();

        check.Retuned.Should().BeFalse("the run at 90 % is the one to re-check");
        check.Findings.Should().NotBeEmpty();
        other.FirstRun.Should().BeTrue("no run was certified at 95 %");
        (await RunsAsync())
            .Select(r => r.Run.Kind)
            .Should()
            .Equal(RunKind.Tune, RunKind.NightlyCheck, RunKind.NightlyRetune);
        other.Retune!.Result.Slo.Confidence.Should().Be(SloConfidence.Default);
    }

    [Fact]
    public async Task WhenEnergyDriftsAReCheckRunThenATuningRunSayWhatDrifted()
    {
        await TuneAsync();
        ScaleEnergy(1.3);

        var (outcome, session) = await NightlyAsync();

        outcome.Retuned.Should().BeTrue();
        var drift = outcome
            .Drifted.Should()
            .Contain(f => f.Role == "recommendation" && f.Metric == "energy_per_token_j")
            .Subject;
        drift.ChangePercent.Should().BeApproximately(30, 1e-6);
        (await RunsAsync())
            .Select(r => r.Run.Kind)
            .Should()
            .Equal(RunKind.Tune, RunKind.NightlyCheck, RunKind.NightlyRetune);
        session.Attached.Should().Equal(outcome.CheckFolder!.Path, outcome.Retune!.Folder.Path);
        var report = File.ReadAllText(Path.Combine(outcome.Retune.Folder.Path, RunFolderWriter.MarkdownReport));
        report
            .Should()
            .Contain("## What drifted")
            .And.Contain("energy_per_token_j of the recommendation")
            .And.Contain("(+30.0 %)");
    }

    [Fact]
    public async Task WhenTheRecommendationServesLessThanItDidTheNightlyCheckCallsItDrift()
    {
        // Capacity is a constraint: the recommendation was chosen for what it serves, so a 20 % drop of its
        // throughput at unchanged energy and latency is drift, not a recommendation that holds.
        await TuneAsync();
        ScaleColumn("output_throughput_tokens_per_sec", 0.8);

        var (outcome, _) = await NightlyAsync();

        outcome.Retuned.Should().BeTrue();
        var drift = outcome
            .Drifted.Should()
            .Contain(f => f.Role == "recommendation" && f.Metric == "throughput_tokens_per_s")
            .Subject;
        drift.ChangePercent.Should().BeApproximately(-20, 1e-6);
        outcome.Drifted.Should().NotContain(f => f.Metric == "energy_per_token_j");
    }

    [Fact]
    public async Task ARecommendationThatNoLongerKeepsUpWhenReMeasuredHasDriftedWhateverItsOtherNumbers()
    {
        var first = await TuneAsync();
        var recommended = first.Result.Selection.Recommended!.Configuration;
        const string Reason = "cannot keep up: served 9.0 req/s of 12.0 offered; queue grew by 180 requests";

        var (outcome, _) = await NightlyAsync(evaluator => new FailingFor(evaluator, recommended, Reason));

        outcome.Retuned.Should().BeTrue();
        var drift = outcome.Drifted.Should().ContainSingle(f => f.Problem != null).Subject;
        drift.Role.Should().Be("recommendation");
        drift.ToString().Should().Contain("now does not carry the load (" + Reason + ")");
        drift
            .Configuration.Should()
            .Be(string.Join(" ", recommended.Values.Select(kv => $"{kv.Key}={kv.Value}")))
            .And.NotContain(",", "the summary, report and history separate knobs with spaces");
    }

    [Fact]
    public async Task ARecommendationWhoseReMeasurementsTogetherShowNoSpareBatchSlotsNoLongerCarriesTheLoad()
    {
        // Each re-measurement kept up by itself, but their batch slots were 99 % occupied: a run judges such trials,
        // taken together, as not carrying the load (KeepUpRule.CapacityProblem). The check said "no drift; the last
        // recommendation holds".
        var first = await TuneAsync();
        var recommended = first.Result.Selection.Recommended!.Configuration;

        var (outcome, _) = await NightlyAsync(evaluator => new FullyOccupiedFor(evaluator, recommended));

        outcome.Retuned.Should().BeTrue();
        var drift = outcome.Drifted.Should().ContainSingle(f => f.Problem != null).Subject;
        drift.Role.Should().Be("recommendation");
        drift
            .ToString()
            .Should()
            .Contain(
                "now does not carry the load (cannot carry the load: batch slots 99 % occupied over 1800 arrivals (3 "
                    + "trials), up to 104 % within the arrivals' noise: no spare capacity)"
            );
    }

    private OptimizeRequest Request() =>
        new()
        {
            Slo = SloParser.ParseAll(["p50 itl<=30ms"]),
            Target = new TargetSpec.Replay(_table),
            Model = "Qwen/Qwen3-8B",
            Gpu = "H100",
            StateDirectory = _state.Path,
            HostId = "test-host",
            Strategy = "grid",
        };

    private async Task<OptimizeOutcome> TuneAsync(OptimizeRequest? tuned = null)
    {
        var request = tuned ?? Request();
        var setup = await _optimize.PrepareAsync(request, CancellationToken.None);
        await using var host = await setup.OpenAsync(CancellationToken.None);
        return await _optimize.RunAsync(request, setup, host, null, CancellationToken.None);
    }

    private async Task<(NightlyOutcome Outcome, RecordingSession Session)> NightlyAsync(
        Func<IEvaluator, IEvaluator>? evaluator = null,
        OptimizeRequest? nightly = null
    )
    {
        var request = nightly ?? Request();
        var setup = await _optimize.PrepareAsync(request, CancellationToken.None);
        var session = new RecordingSession(await setup.OpenAsync(CancellationToken.None), evaluator);
        var outcome = await new NightlyService(_optimize, TimeProvider.System).RunAsync(
            request,
            setup,
            session,
            null,
            CancellationToken.None
        );
        return (outcome, session);
    }

    private async Task<IReadOnlyList<RunSummary>> RunsAsync()
    {
        await using var store = await TrialStoreFactory.OpenAsync(null, _state.Path, CancellationToken.None);
        return await store.ListRunsAsync(CancellationToken.None);
    }

    private void ScaleColumn(string key, double factor)
    {
        var root = JsonNode.Parse(File.ReadAllText(_table))!;
        foreach (var row in root["configurations"]!.AsArray())
        {
            row![key] = row[key]!.GetValue<double>() * factor;
        }

        File.WriteAllText(_table, root.ToJsonString());
    }

    /// <summary>A host on which one configuration no longer runs as it did: its trials come back infeasible.</summary>
    private sealed class FailingFor(IEvaluator inner, Configuration failing, string reason) : IEvaluator
    {
        public string Description => inner.Description;

        public IReadOnlyCollection<string> MetricNames => inner.MetricNames;

        public async Task<Observation> EvaluateAsync(TrialRequest request, CancellationToken cancellationToken) =>
            request.Configuration.Equals(failing)
                ? Observation.Infeasible(request.Configuration, reason)
                : await inner.EvaluateAsync(request, cancellationToken);
    }

    /// <summary>A host on which one configuration keeps up in each trial with its batch slots nearly full.</summary>
    private sealed class FullyOccupiedFor(IEvaluator inner, Configuration occupied) : IEvaluator
    {
        public string Description => inner.Description;

        public IReadOnlyCollection<string> MetricNames => inner.MetricNames;

        public async Task<Observation> EvaluateAsync(TrialRequest request, CancellationToken cancellationToken)
        {
            var observation = await inner.EvaluateAsync(request, cancellationToken);
            return request.Configuration.Equals(occupied)
                ? observation with
                {
                    Metrics = observation.Metrics.SetItem("offered_requests", 600).SetItem("batch_occupancy", 0.99),
                }
                : observation;
        }
    }

    private void ScaleEnergy(double factor)
    {
        var root = JsonNode.Parse(File.ReadAllText(_table))!;
        foreach (var row in root["configurations"]!.AsArray())
        {
            foreach (var key in new[] { "energy_per_token_joules", "energy_per_request_joules" })
            {
                row![key] = row[key]!.GetValue<double>() * factor;
            }
        }

        File.WriteAllText(_table, root.ToJsonString());
    }

    /// <summary>
    /// A host session that remembers which run folders it was attached to and whether it was disposed.
    /// </summary>
    private sealed class RecordingSession(IHostSession inner, Func<IEvaluator, IEvaluator>? evaluator = null)
        : IHostSession
    {
        public List<string> Attached { get; } = [];

        public bool Disposed { get; private set; }

        public IEvaluator Evaluator { get; } = evaluator?.Invoke(inner.Evaluator) ?? inner.Evaluator;

        public bool ChangesHost => inner.ChangesHost;

        public ImmutableArray<string> Notices => inner.Notices;

        public void Attach(RunFolder folder) => Attached.Add(folder.Path);

        public IReadOnlyList<string> DescribeChanges(IReadOnlyList<Configuration> configurations) => [];

        public Task<OutputCheck?> VerifyOutputsAsync(
            Configuration baseline,
            Configuration recommended,
            CancellationToken cancellationToken
        ) => Task.FromResult<OutputCheck?>(null);

        public ValueTask DisposeAsync()
        {
            Disposed = true;
            return ValueTask.CompletedTask;
        }
    }
}
