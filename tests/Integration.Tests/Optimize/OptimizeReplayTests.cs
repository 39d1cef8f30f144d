using System.Text.Json;
using MLEnergy.Integration.Tests.Support;

namespace MLEnergy.Integration.Tests.Optimize;

public sealed class OptimizeReplayTests : IDisposable
{
    private readonly TempDirectory _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task JsonOutputCarriesTheRecommendationBaselineSavingsFrontierAndTrials()
    {
        var run = await CliRun.RunAsync(
            "optimize",
            "--target",
            "replay:lm-arena-chat",
            "--model",
            "Qwen/Qwen3-8B",
            "--gpu",
            "H100",
            "--slo",
            "p50 itl<=30ms",
            "--strategy",
            "grid",
            "--json",
            "--state-dir",
            _state.Path
        );

        run.ExitCode.Should().Be(0, run.Error);
        var root = JsonDocument.Parse(run.Out).RootElement;
        root.GetProperty("schemaVersion").GetInt32().Should().Be(1);
        root.GetProperty("target").GetString().Should().Contain("lm-arena-chat");
        root.GetProperty("feasible").GetBoolean().Should().BeTrue();
        var recommendation = root.GetProperty("recommendation");
        recommendation.GetProperty("configuration").GetProperty("max_num_seqs").GetInt32().Should().Be(192);
        recommendation.GetProperty("configuration").GetProperty("gpu_model").GetString().Should().Be("H100");
        recommendation.GetProperty("energy").GetDouble().Should().BeApproximately(0.0866, 0.0001);
        recommendation.GetProperty("latency").GetDouble().Should().BeApproximately(26.35, 0.01);
        root.GetProperty("baseline").GetProperty("configuration").GetProperty("max_num_seqs").GetInt32().Should().Be(8);
        root.GetProperty("savings").GetProperty("percent").GetDouble().Should().BeApproximately(80.5, 0.1);
        root.GetProperty("frontier").GetArrayLength().Should().Be(10);
        root.GetProperty("trialsMeasured").GetInt32().Should().Be(10);
        var trials = root.GetProperty("trials");
        trials.GetArrayLength().Should().Be(10);
        trials[0].GetProperty("feasible").GetBoolean().Should().BeTrue();
        trials[0].GetProperty("metrics").GetProperty("itl_p50_ms").GetDouble().Should().BeApproximately(8.204, 0.001);
        trials[0].GetProperty("metrics").TryGetProperty("energy_per_token_j", out _).Should().BeTrue();
    }

    [Fact]
    public async Task EveryRunWritesResultJsonToItsRunFolder()
    {
        var folder = _state.File("run");

        var run = await CliRun.RunAsync(
            "optimize",
            "--target",
            "replay:gpqa",
            "--model",
            "Qwen/Qwen3-8B",
            "--gpu",
            "H100",
            "--slo",
            "p50 itl<=50ms",
            "--out",
            folder,
            "--state-dir",
            _state.File("state")
        );

        run.ExitCode.Should().Be(0, run.Error);
        run.Out.Should()
            .Contain("Recommendation:")
            .And.Contain("Pareto frontier")
            .And.Contain("Savings against the baseline");
        var result = JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "result.json"))).RootElement;
        result.GetProperty("feasible").GetBoolean().Should().BeTrue();
        run.Error.Should().Contain("[trial 1]");
    }

    [Fact]
    public async Task WhenNothingMeetsTheSloItSaysSoShowsTheClosestAndExitsWithCode3()
    {
        var run = await CliRun.RunAsync(
            "optimize",
            "--target",
            "replay:lm-arena-chat",
            "--model",
            "Qwen/Qwen3-8B",
            "--gpu",
            "H100",
            "--slo",
            "p50 itl<=5ms",
            "--state-dir",
            _state.Path
        );

        run.ExitCode.Should().Be(3);
        run.Out.Should().Contain("No configuration meets the SLO").And.Contain("Closest: max_num_seqs=8");
    }

    [Fact]
    public async Task SetRestrictsAKnobToTheGivenValues()
    {
        var run = await CliRun.RunAsync(
            "optimize",
            "--target",
            "replay:lm-arena-chat",
            "--model",
            "Qwen/Qwen3-8B",
            "--gpu",
            "H100",
            "--slo",
            "p50 itl<=30ms",
            "--set",
            "max_num_seqs=16,64",
            "--strategy",
            "grid",
            "--json",
            "--state-dir",
            _state.Path
        );

        run.ExitCode.Should().Be(0, run.Error);
        var root = JsonDocument.Parse(run.Out).RootElement;
        root.GetProperty("recommendation")
            .GetProperty("configuration")
            .GetProperty("max_num_seqs")
            .GetInt32()
            .Should()
            .Be(64);
        root.GetProperty("trials")
            .EnumerateArray()
            .Select(t => t.GetProperty("configuration").GetProperty("max_num_seqs").GetInt32())
            .Should()
            .BeEquivalentTo([8, 16, 64], "the baseline is measured too, for the savings");
    }

    [Fact]
    public async Task TheDefaultAutoStrategyFindsTheLeaderboardsAnswerWithFewerTrials()
    {
        var run = await CliRun.RunAsync(
            "optimize",
            "--target",
            "replay:lm-arena-chat",
            "--model",
            "Qwen/Qwen3-8B",
            "--gpu",
            "H100",
            "--slo",
            "p50 itl<=30ms",
            "--seed",
            "3",
            "--json",
            "--state-dir",
            _state.Path
        );

        run.ExitCode.Should().Be(0, run.Error);
        var root = JsonDocument.Parse(run.Out).RootElement;
        root.GetProperty("strategy").GetString().Should().Be("auto");
        root.GetProperty("recommendation")
            .GetProperty("configuration")
            .GetProperty("max_num_seqs")
            .GetInt32()
            .Should()
            .Be(192);
        root.GetProperty("trials")
            .EnumerateArray()
            .Select(t => t.GetProperty("configuration").GetProperty("max_num_seqs").GetInt32())
            .Distinct()
            .Count()
            .Should()
            .BeLessThan(10);
    }

    [Fact]
    public async Task TheSameSeedGivesTheSameTrials()
    {
        async Task<string[]> TrialsAsync()
        {
            var run = await CliRun.RunAsync(
                "optimize",
                "--target",
                "replay:gpqa",
                "--model",
                "Qwen/Qwen3-8B",
                "--slo",
                "p50 itl<=40ms",
                "--seed",
                "11",
                "--noise",
                "0.05",
                "--json",
                "--state-dir",
                _state.Path
            );
            return
            [
                .. JsonDocument
                    .Parse(run.Out)
                    .RootElement.GetProperty("trials")
                    .EnumerateArray()
                    .Select(t => t.GetProperty("configuration").ToString()),
            ];
        }

        var first = await TrialsAsync();
        var second = await TrialsAsync();

        first.Should().NotBeEmpty().And.Equal(second);
    }

    [Fact]
    public async Task AV2DirectoryIsATargetToo()
    {
        var run = await CliRun.RunAsync(
            "optimize",
            "--target",
            "replay:v2-chat",
            "--model",
            "google/gemma-2-2b-it",
            "--gpu",
            "H100",
            "--slo",
            "mean tpot<=100ms",
            "--json",
            "--state-dir",
            _state.Path
        );

        // The baseline (batch 192) is the least energy that meets the SLO: keep it.
        run.ExitCode.Should().Be(5, run.Error);
        var root = JsonDocument.Parse(run.Out).RootElement;
        root.GetProperty("recommendation")
            .GetProperty("configuration")
            .GetProperty("gpu_model")
            .GetString()
            .Should()
            .Be("H100 80GB HBM3");
        root.GetProperty("energyMetric").GetString().Should().Be("energy_per_token_j");
    }
}
