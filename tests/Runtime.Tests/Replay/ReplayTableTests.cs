using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Slo;
using MLEnergy.Runtime.Replay;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Replay;

public class ReplayTableTests
{
    private readonly ReplayTableLoader _loader = new(RepositoryPaths.Data());

    [Fact]
    public void V3RowsCarryKnobsAndMetricsUnderTheirResultNames()
    {
        var table = _loader.Load("lm-arena-chat");
        var row = table.Rows.Single(r =>
            r.ModelId == "Qwen/Qwen3-8B"
            && r.Configuration["gpu_model"].Text == "H100"
            && r.Configuration["max_num_seqs"].Number == 512
        );

        table.Workload.Should().Be(ReplayWorkload.Llm);
        row.Metrics["itl_p50_ms"].Should().BeApproximately(47.16, 0.01);
        row.Metrics["energy_per_token_j"].Should().BeApproximately(0.072, 0.001);
        row.Metrics.Should()
            .ContainKeys(
                "itl_p90_ms",
                "itl_p95_ms",
                "itl_p99_ms",
                "energy_per_request_j",
                "avg_power_w",
                "throughput_tokens_per_s"
            );
    }

    [Fact]
    public async Task AReplayedTensorParallelTwoRowReportsTheSummedPowerAndThePerGpuPowerBeside()
    {
        // ML.ENERGY's avg_power_watts is summed over the row's GPUs: 850 W for Qwen3-32B on two H100s (TDP 700 W each).
        var table = _loader.Load("lm-arena-chat");
        var row = table.Rows.Single(r =>
            r.ModelId == "Qwen/Qwen3-32B"
            && r.Configuration["gpu_model"].Text == "H100"
            && r.Configuration["num_gpus"].Number == 2
            && r.Configuration["max_num_seqs"].Number == 8
        );
        var evaluator = new ReplayEvaluator(table, [row], new ReplayNoise(0.05, Seed: 1));

        var observation = await evaluator.EvaluateAsync(new TrialRequest(row.Configuration), CancellationToken.None);

        row.Metrics["avg_power_w"].Should().BeApproximately(850.14, 0.01);
        row.Metrics["avg_power_per_gpu_w"].Should().BeApproximately(850.14 / 2, 0.01);
        var total = observation.Metrics["avg_power_w"];
        observation.Metrics["avg_power_per_gpu_w"].Should().BeApproximately(total / 2, 1e-9);
        observation.Metrics["avg_power_w"].Should().NotBe(row.Metrics["avg_power_w"], "noise applies, to both alike");
    }

    [Fact]
    public void V3DiffusionBatchLatencyBecomesMeanLatencyInMilliseconds()
    {
        var table = _loader.Load("text-to-image");
        var row = table.Rows.First();

        table.Workload.Should().Be(ReplayWorkload.Diffusion);
        table.KnobNames.Should().Equal("gpu_model", "num_gpus", "batch_size", "ulysses_degree", "ring_degree");
        row.Metrics.Should().ContainKeys("latency_mean_ms", "energy_per_image_j");
    }

    [Fact]
    public void V2DirectoriesAreReadFromTheirFileNamesAndKeys()
    {
        var table = _loader.Load("v2-chat");
        var row = table.Rows.Single(r =>
            r.ModelId == "google/gemma-2-2b-it"
            && r.Configuration["gpu_model"].Text == "H100 80GB HBM3"
            && r.Configuration["batch_size"].Number == 256
            && r.Configuration["tensor_parallel"].Number == 1
        );
        var raw = System
            .Text.Json.JsonDocument.Parse(
                File.ReadAllText(
                    RepositoryPaths.Data(
                        "ml-energy-leaderboard-v2",
                        "llm_text_generation",
                        "chat",
                        "H100 80GB HBM3",
                        "google",
                        "gemma-2-2b-it",
                        "bs256+tp1+pp1.json"
                    )
                )
            )
            .RootElement;

        row.Metrics["tpot_mean_ms"].Should().BeApproximately(raw.GetProperty("Avg TPOT (s)").GetDouble() * 1000, 1e-9);
        row.Metrics["energy_per_token_j"]
            .Should()
            .BeApproximately(
                raw.GetProperty("Energy/req (J)").GetDouble() / raw.GetProperty("Avg Output Tokens").GetDouble(),
                1e-12
            );
    }

    [Fact]
    public async Task AConfigurationAbsentFromTheTableIsAnInfeasibleTrial()
    {
        var table = _loader.Load("lm-arena-chat");
        var rows = ReplaySpaceFactory.Rows(table, "Qwen/Qwen3-8B", "H100");
        var absent = rows[0].Configuration.With("max_num_seqs", KnobValue.Of(4096));

        var observation = await new ReplayEvaluator(table, rows).EvaluateAsync(
            new TrialRequest(absent),
            CancellationToken.None
        );

        observation.Feasible.Should().BeFalse();
        observation.InfeasibleReason.Should().Contain("not in the published measurements");
    }

    [Fact]
    public async Task NoiseIsSeededAndMultiplicative()
    {
        var table = _loader.Load("lm-arena-chat");
        var rows = ReplaySpaceFactory.Rows(table, "Qwen/Qwen3-8B", "H100");
        var request = new TrialRequest(rows[0].Configuration);

        var a = await new ReplayEvaluator(table, rows, new ReplayNoise(0.05, 7)).EvaluateAsync(
            request,
            CancellationToken.None
        );
        var b = await new ReplayEvaluator(table, rows, new ReplayNoise(0.05, 7)).EvaluateAsync(
            request,
            CancellationToken.None
        );
        var c = await new ReplayEvaluator(table, rows, new ReplayNoise(0.05, 8)).EvaluateAsync(
            request,
            CancellationToken.None
        );

        a.Metrics.Should().Equal(b.Metrics);
        a.Metrics["itl_p50_ms"].Should().NotBe(c.Metrics["itl_p50_ms"]);
        (a.Metrics["itl_p50_ms"] / rows[0].Metrics["itl_p50_ms"]).Should().BeInRange(0.8, 1.25);
    }

    [Fact]
    public void UnknownModelsAndGpusListWhatTheTableHas()
    {
        var table = _loader.Load("lm-arena-chat");

        var model = () => ReplaySpaceFactory.Rows(table, "acme/unknown", null);
        var gpu = () => ReplaySpaceFactory.Rows(table, "Qwen/Qwen3-8B", "TPUv5");

        model
            .Should()
            .Throw<ReplayDataException>()
            .WithMessage("*'acme/unknown' is not in lm-arena-chat; it has: *Qwen/Qwen3-8B*");
        gpu.Should().Throw<ReplayDataException>().WithMessage("*on GPU 'TPUv5'*measured on: B200, H100*");
    }

    [Fact]
    public void TheReplayBaselineIsTheLowestLatencyConfiguration()
    {
        var table = _loader.Load("lm-arena-chat");

        var space = ReplaySpaceFactory.Create(table, "Qwen/Qwen3-8B", "H100", SloParser.ParseAll(["p50 itl<=30ms"]));

        space.Baseline!["max_num_seqs"].Number.Should().Be(8);
        space.Enumerate().Should().HaveCount(10);
    }

    [Fact]
    public void BrokenDataFilesAreReportedWithTheirPath()
    {
        var path = Path.Combine(Path.GetTempPath(), $"broken-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, "{ \"configurations\": [ {");
        try
        {
            var load = () => _loader.Load(path);

            load.Should()
                .Throw<ReplayDataException>()
                .WithMessage($"{path}: not JSON at line 1, column 24; expected *");
        }
        finally
        {
            File.Delete(path);
        }
    }
}
