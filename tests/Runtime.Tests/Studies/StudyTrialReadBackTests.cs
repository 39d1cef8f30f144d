using System.Collections.Immutable;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Search.Parallel;
using MLEnergy.Recommender.Slo;
using MLEnergy.Runtime.Studies;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Studies;

/// <summary>
/// What one worker of a study measured, another reads from the store: it must read the same trial, so that every
/// worker reaches the same verdict on the same trials (real PostgreSQL, MLENERGY_TEST_POSTGRES).
/// </summary>
public sealed class StudyTrialReadBackTests : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(25);

    private readonly TempFolder _state = new();

    public void Dispose() => _state.Dispose();

    [PostgresFact]
    public async Task AnotherWorkerReadsInvalidAndShortOfSamplesTrialsAsTheWorkerThatMeasuredThem()
    {
        var slo = SloParser.ParseAll(["p50 itl<=30ms"]);
        var workers = new StudyWorkers(_state, "p50 itl<=30ms");
        var study = $"readback-{Guid.NewGuid():N}"[..20];
        var request = workers.Request(study, "w0");
        var fingerprint = await workers.FreshProblemAsync(request);
        var configuration = (await workers.Service.PrepareAsync(request, CancellationToken.None))
            .Space.Enumerate()
            .First();
        await using var store = StudyStore.Open(StudyWorkers.Store, TimeProvider.System);
        await store.JoinAsync(new StudyDefinition(study, fingerprint, "space", "slo", null, null), default);
        var undecided = ImmutableDictionary<string, SloVerdict>.Empty.Add("itl_p50_ms", SloVerdict.Undecided);
        // A trial whose GPU ran hot, then five whose windows ended short of the samples a verdict needs.
        List<Observation> live =
        [
            EnergyTableEvaluator.Measure(configuration, 0.1).AsInvalid("temperature 104 °C is outside 0-100 °C"),
            .. new[] { 20.1, 20.5, 19.8, 20.3, 19.9 }.Select(itl =>
                EnergyTableEvaluator.Measure(configuration, 0.1).AsInvalid("itl_p50_ms saw 90 samples of 459") with
                {
                    ShortOfSamples = true,
                    Verdicts = undecided,
                    Metrics = ImmutableDictionary<string, double>
                        .Empty.Add("energy_per_token_j", 0.1)
                        .Add("itl_p50_ms", itl),
                }
            ),
        ];
        for (var repetition = 0; repetition < live.Count; repetition++)
        {
            var trial = new PendingTrial(configuration, TrialFidelity.Full);
            var claim = await store.TryClaimAsync(study, "w-a", trial, repetition, Timeout, default);
            (await store.CompleteAsync(claim!, live[repetition], default)).Should().BeTrue();
        }

        var read = (await store.ReadAsync(study, Timeout, default)).Done.Select(d => d.Observation).ToList();

        var constraint = slo.Constraints.Single();
        SloJudge.Judge(RepeatedTrials.Merge(live, slo).Single(), constraint).Should().Be(SloVerdict.Met);
        SloJudge.Judge(RepeatedTrials.Merge(read, slo).Single(), constraint).Should().Be(SloVerdict.Met);
        read.Select(o => (o.Invalid, o.ShortOfSamples))
            .Should()
            .BeEquivalentTo(live.Select(o => (o.Invalid, o.ShortOfSamples)));
    }
}
