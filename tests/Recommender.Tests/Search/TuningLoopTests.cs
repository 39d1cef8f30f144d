using System.Collections.Immutable;
using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Recommender.Validation;

namespace MLEnergy.Recommender.Tests.Search;

public class TuningLoopTests
{
    private static readonly SearchSpace Space = new()
    {
        Name = "two-knobs",
        Target = "test",
        Knobs =
        [
            new Knob(
                "power_limit_w",
                KnobKind.GpuPowerLimit,
                [KnobValue.Of(300), KnobValue.Of(700)],
                RestartsServer: false
            ),
            new Knob(
                "max_num_seqs",
                KnobKind.ServerBatchSize,
                [KnobValue.Of(8), KnobValue.Of(64), KnobValue.Of(512)],
                RestartsServer: true
            ),
        ],
        Baseline = Configuration.Of(("power_limit_w", "700"), ("max_num_seqs", "64")),
    };

    [Fact]
    public async Task GridMeasuresTheBaselineFirstThenEveryConfigurationOnce()
    {
        var evaluator = new RecordingEvaluator();

        var run = await new TuningLoop(evaluator, new GridStrategy()).RunAsync(
            new TuningRequest(Space, SloParser.ParseAll(["p50 itl<=30ms"])),
            CancellationToken.None
        );

        evaluator.Seen[0].Should().Be(Space.Baseline);
        evaluator.Seen.Distinct().Should().HaveCount(6);
        run.TrialsMeasured.Should().Be(6);
        run.StopReason.Should().Contain("every one of the 6");
    }

    [Fact]
    public async Task GridVariesKnobsThatRestartTheServerSlowest()
    {
        var evaluator = new RecordingEvaluator();

        var run = await new TuningLoop(evaluator, new GridStrategy()).RunAsync(
            new TuningRequest(Space with { Baseline = null }, SloParser.ParseAll(["200ms"])),
            CancellationToken.None
        );

        evaluator.Seen.Select(c => c["max_num_seqs"].Number).Should().Equal(8, 8, 64, 64, 512, 512);
        run.ServerRestarts.Should().Be(3);
    }

    [Fact]
    public async Task TheBudgetCapsTheTrials()
    {
        var run = await new TuningLoop(new RecordingEvaluator(), new GridStrategy()).RunAsync(
            new TuningRequest(Space, SloParser.ParseAll(["200ms"]), MaxTrials: 2),
            CancellationToken.None
        );

        run.TrialsMeasured.Should().Be(2);
        run.StopReason.Should().Be("the budget of 2 trials is spent");
    }

    [Fact]
    public async Task ABudgetOfOneTrialIsSaidInTheSingular()
    {
        // Before: "the budget of 1 trials is spent" and "1 trials over 1 distinct configurations".
        var run = await new TuningLoop(new RecordingEvaluator(), new GridStrategy()).RunAsync(
            new TuningRequest(Space, SloParser.ParseAll(["200ms"]), MaxTrials: 1),
            CancellationToken.None
        );

        run.StopReason.Should().Be("the budget of 1 trial is spent");
        run.TrialsText.Should().Be("1 trial over 1 distinct configuration");
        new TuningBudget(1, null).ToString().Should().Be("1 trial");
    }

    [Fact]
    public void AKnobThatChangesModelOutputIsRefusedWithTheReason()
    {
        var space = Space with
        {
            Knobs = Space.Knobs.Add(
                new Knob(
                    "quantization",
                    KnobKind.ServerArgument,
                    [KnobValue.Parse("fp8"), KnobValue.Parse("bf16")],
                    true,
                    OutputPreserving: false
                )
            ),
        };

        var findings = TuningValidator.Validate(
            space,
            SloParser.ParseAll(["p50 itl<=30ms"]),
            ["itl_p50_ms", "energy_per_token_j"]
        );

        findings
            .Should()
            .ContainSingle()
            .Which.Should()
            .Contain("'quantization' is not output preserving")
            .And.Contain("--set quantization=VALUE");
    }

    [Fact]
    public void AnSloOnAMetricTheTargetLacksListsTheMetricsItHas()
    {
        var findings = TuningValidator.Validate(
            Space,
            SloParser.ParseAll(["p99 ttft<=1s"]),
            ["itl_p50_ms", "energy_per_token_j"]
        );

        findings
            .Should()
            .ContainSingle()
            .Which.Should()
            .Contain("ttft_p99_ms")
            .And.Contain("it can measure: itl (p50)");
    }

    private sealed class RecordingEvaluator : IEvaluator
    {
        public List<Configuration> Seen { get; } = [];

        public string Description => "recording";

        public IReadOnlyCollection<string> MetricNames => ["itl_p50_ms", "energy_per_token_j"];

        public Task<Observation> EvaluateAsync(TrialRequest request, CancellationToken cancellationToken)
        {
            Seen.Add(request.Configuration);
            var batch = request.Configuration["max_num_seqs"].Number!.Value;
            return Task.FromResult(
                new Observation(
                    request.Configuration,
                    ImmutableDictionary<string, double>
                        .Empty.Add("itl_p50_ms", 5 + (batch / 10))
                        .Add("energy_per_token_j", 1 / batch)
                )
            );
        }
    }
}
