using System.Collections.Concurrent;
using System.Collections.Immutable;
using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Tests.Support;
using MLEnergy.SearchEfficiency.Running;
using MLEnergy.SearchEfficiency.Scenarios;

namespace MLEnergy.Integration.Tests.SearchEfficiency;

/// <summary>
/// The search-efficiency harness's certifiable reference (bench/SearchEfficiency, <see cref="CertifiableReference"/>)
/// on a hand-made table of the tiny synthetic space, median ITL bound 10 ms, trials read at ±1 % (±5 % for the one on
/// the bound) of a level, alternating by repetition, each with an undecided verdict of its own (one first trial's
/// verdict a miss).
/// </summary>
public sealed class CertifiableReferenceTests
{
    private const double BoundMs = 10;

    /// <summary>
    /// (energy J/token, 10-seed ITL ms, closer ITL ms, trials' level ms, trials' relative spread, whether the first
    /// trial's own verdict is a miss).
    /// </summary>
    private static readonly (
        double Energy,
        double TruthMs,
        double CloserMs,
        double ReadMs,
        double Spread,
        bool FirstMissed
    )[] Cheapest =
    [
        (1.00, 9.5, 10.2, 8.0, 0.01, false), // the 10-seed optimum, a miss on the closer truth; its trials certify it
        (1.02, 9.95, 9.9, 10.0, 0.05, false), // the closer optimum; trials on the bound, never decided
        (1.025, 9.9, 9.9, 12.0, 0.01, false), // meets on both truths, trials read a clear miss
        (0.95, 10.5, 10.5, 10.5, 0.01, false), // cheaper, misses on both truths: never a member
        (1.05, 9.0, 9.0, 8.0, 0.01, true), // 5 % above the 10-seed optimum, 2.9 % above the closer one
    ];

    [Fact]
    public async Task OnlyConfigurationsWithinThreePercentThatTrulyMeetAreMeasuredAndJudgedByThePickRule()
    {
        var (scenario, configurations, asked) = Table();
        var reference = new CertifiableReference { MaxRepeats = 10, ConfirmTrials = 4 };

        var run = await reference.MeasureAsync(scenario, 1.00, CloserOptimum.Find(scenario), CancellationToken.None);

        var certified = new Certification(configurations[0], 4, 4, null, null);
        run.Truth().Should().Be(new Reach(3, 1, 1, 1, certified, 0, true), "1.00 and 1.02 and 1.025 are within 3 %");
        run.Truth(throughMisses: true).Should().Be(run.Truth());
        run.Measured.Select(m => m.Certification)
            .Should()
            .Equal(
                certified,
                new Certification(configurations[1], 10, null, null, null),
                new Certification(configurations[2], 10, null, 3, "missed"),
                new Certification(configurations[4], 4, 4, 1, "missed")
            );
        run.Trials.Should().Be(28);
        asked[configurations[1].Key].Should().Equal(Enumerable.Range(0, 10), "repetitions 0-9, as a search's repeats");
        asked.Keys.Should().NotContain(configurations[3].Key);
    }

    [Fact]
    public async Task OnTheCloserTruthTheOnlyCertifiableOneIsTwoNinePercentAboveAndOnlyWhenRepeatedPastItsFirstMiss()
    {
        var (scenario, configurations, _) = Table();
        var reference = new CertifiableReference { MaxRepeats = 10, ConfirmTrials = 4 };

        var run = await reference.MeasureAsync(scenario, 1.00, CloserOptimum.Find(scenario), CancellationToken.None);

        var stopped = run.Closer();
        stopped.Within.Should().Be(3, "1.02, 1.025 and 1.05 lie within 3 % of 1.02; 1.00 misses on the closer truth");
        stopped.Certifiable.Should().Be(0);
        stopped.Reachable.Should().BeFalse();
        var further = run.Closer(throughMisses: true);
        further.Certifiable.Should().Be(1);
        (further.Near, further.NearCertifiable).Should().Be((2, 0));
        further.Cheapest!.Configuration.Should().Be(configurations[4]);
        further.Cheapest.Ended.Should().Be("missed at 1, then met at 4");
        further.CheapestGap.Should().BeApproximately((1.05 / 1.02) - 1, 1e-12);
        further.Reachable.Should().BeTrue();
    }

    [Fact]
    public async Task WithACapOfTwoOnlyTheTwoCheapestOfEachTruthAreMeasuredAndTwoTrialsLeaveEveryOneUndecided()
    {
        var (scenario, configurations, _) = Table();
        var reference = new CertifiableReference
        {
            MaxRepeats = 2,
            ConfirmTrials = 4,
            Cap = 2,
        };

        var run = await reference.MeasureAsync(scenario, 1.00, CloserOptimum.Find(scenario), CancellationToken.None);

        run.Measured.Select(m => (m.Certification.Configuration, m.Certification.Trials))
            .Should()
            .Equal((configurations[0], 2), (configurations[1], 2), (configurations[2], 2));
        run.Truth().Within.Should().Be(2);
        run.Truth(throughMisses: true).Certifiable.Should().Be(0, "a t-test on one degree of freedom decides nothing");
        run.Truth().Reachable.Should().BeFalse();
    }

    [Fact]
    public void WhereNothingMeetsTheSloNoPickIsWithinReach()
    {
        var reach = Reach.Of([], optimumExists: false);

        reach.Should().Be(new Reach(0, 0, 0, 0, null, null, false));
        reach.Reachable.Should().BeTrue();
    }

    private static (
        Scenario Scenario,
        List<Configuration> Configurations,
        ConcurrentDictionary<string, List<int>> Asked
    ) Table()
    {
        var space = SyntheticSpaces.Tiny();
        var configurations = space.Enumerate().ToList();
        var slo = new ServiceLevelObjective([new SloConstraint(LatencyMetric.Itl, Statistic.P50, BoundMs)]);
        var metric = slo.Primary.MetricName;
        var rows = configurations
            .Select(
                (c, i) =>
                    i < Cheapest.Length
                        ? Cheapest[i]
                        : (Energy: 3.0 + i, TruthMs: 5.0, CloserMs: 5.0, ReadMs: 5.0, Spread: 0.01, FirstMissed: false)
            )
            .ToList();
        Truth At(int i, double ms) => new(rows[i].Energy, new Dictionary<string, double> { [metric] = ms });
        var index = configurations.Select((c, i) => (c.Key, i)).ToDictionary(p => p.Key, p => p.i);
        var asked = new ConcurrentDictionary<string, List<int>>();
        var scenario = new Scenario(
            "test",
            "certifiable",
            space,
            slo,
            () =>
                new TableEvaluator(
                    rows.Select(r => (r.Energy, r.ReadMs, r.Spread, r.FirstMissed)).ToList(),
                    index,
                    metric,
                    asked
                ),
            c => At(index[c.Key], rows[index[c.Key]].TruthMs)
        )
        {
            CloserTruth = c => At(index[c.Key], rows[index[c.Key]].CloserMs),
        };
        return (scenario, configurations, asked);
    }

    /// <summary>Trials reading each configuration's level, up by its spread at even repetitions, down at odd.</summary>
    private sealed class TableEvaluator(
        IReadOnlyList<(double Energy, double ReadMs, double Spread, bool FirstMissed)> rows,
        IReadOnlyDictionary<string, int> index,
        string metric,
        ConcurrentDictionary<string, List<int>> asked
    ) : IEvaluator
    {
        public string Description => "table";

        public IReadOnlyCollection<string> MetricNames => [metric, Recommender.Metrics.MetricNames.EnergyPerToken];

        public Task<Observation> EvaluateAsync(TrialRequest request, CancellationToken cancellationToken)
        {
            var key = request.Configuration.Key;
            var repetitions = asked.GetOrAdd(key, _ => []);
            lock (repetitions)
            {
                repetitions.Add(request.Repetition);
            }

            var (energy, ms, spread, firstMissed) = rows[index[key]];
            var read = ms * (1 + (request.Repetition % 2 == 0 ? spread : -spread));
            return Task.FromResult(
                new Observation(
                    request.Configuration,
                    ImmutableDictionary<string, double>
                        .Empty.Add(metric, read)
                        .Add(Recommender.Metrics.MetricNames.EnergyPerToken, energy)
                )
                {
                    Verdicts = ImmutableDictionary<string, SloVerdict>.Empty.Add(
                        metric,
                        firstMissed && request.Repetition == 0 ? SloVerdict.Missed : SloVerdict.Undecided
                    ),
                }
            );
        }
    }
}
