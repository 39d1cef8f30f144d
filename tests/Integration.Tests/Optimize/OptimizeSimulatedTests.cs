using System.Text.Json;
using MLEnergy.Integration.Tests.Support;
using MLEnergy.Simulation.Diffusion;

namespace MLEnergy.Integration.Tests.Optimize;

public sealed class OptimizeSimulatedTests : IDisposable
{
    private readonly TempDirectory _state = new();

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task WithoutATargetTheSimulatedHostIsTunedAndSaysSoFirst()
    {
        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--budget",
            "6",
            "--json",
            "--state-dir",
            _state.Path
        );

        // Six trials find nothing better than the baseline (the space's current configuration): keep it.
        run.ExitCode.Should().Be(5, run.Error);
        JsonDocument.Parse(run.Out).RootElement.GetProperty("decision").GetString().Should().Be("keep-current");
        run.Error.Split('\n')[0].Should().StartWith("Simulated host").And.Contain("--target");
        var root = JsonDocument.Parse(run.Out).RootElement;
        root.GetProperty("target").GetString().Should().StartWith("simulated host");
        root.GetProperty("space").GetString().Should().Be("sim-h100-llm");
        root.GetProperty("trialsMeasured").GetInt32().Should().Be(6);
        root.GetProperty("baseline")
            .GetProperty("configuration")
            .GetProperty("max_num_seqs")
            .GetInt32()
            .Should()
            .Be(256);
        var metrics = root.GetProperty("trials")[0].GetProperty("metrics");
        metrics.GetProperty("tpot_p99_ms").GetDouble().Should().BeGreaterThan(0);
        metrics.GetProperty("energy_per_token_j").GetDouble().Should().BeInRange(0.01, 1.0);
    }

    [Fact]
    public async Task ADiffusionModelIsTunedOnTheSimulatedDiffusionHostForEnergyPerImageUnderABatchLatencySlo()
    {
        var run = await CliRun.RunAsync(
            "optimize",
            "--model",
            "black-forest-labs/FLUX.1-dev",
            "--gpu",
            "H100",
            "--slo",
            "mean latency<=30s",
            "--set",
            "sm_clock_cap_mhz=1440,1980",
            "--set",
            "power_limit_w=700",
            "--strategy",
            "grid",
            "--json",
            "--state-dir",
            _state.Path
        );

        run.ExitCode.Should().Be(0, run.Error);
        var root = JsonDocument.Parse(run.Out).RootElement;
        root.GetProperty("space").GetString().Should().Be("sim-h100-diffusion");
        root.GetProperty("target").GetString().Should().StartWith("simulated diffusion host: 8x H100-SXM-80GB");
        var recommended = root.GetProperty("recommendation");
        var knobs = recommended.GetProperty("configuration");
        var config = new DiffusionServingConfig(
            "black-forest-labs/FLUX.1-dev",
            "H100",
            knobs.GetProperty("batch_size").GetInt32(),
            knobs.GetProperty("ulysses_degree").GetInt32(),
            knobs.GetProperty("ring_degree").GetInt32(),
            knobs.GetProperty("sm_clock_cap_mhz").GetInt32(),
            700
        );
        var engine = DiffusionHost.CreateDefault().Run(config);
        root.GetProperty("energyMetric").GetString().Should().Be("energy_per_image_j");
        root.GetProperty("latencyMetric").GetString().Should().Be("latency_mean_ms");
        recommended.GetProperty("energy").GetDouble().Should().BeApproximately(engine.EnergyPerOutputJoules, 1e-6);
        recommended
            .GetProperty("latency")
            .GetDouble()
            .Should()
            .BeApproximately(engine.BatchLatency.TotalMilliseconds, 1e-6)
            .And.BeLessThanOrEqualTo(30_000);
    }

    [Fact]
    public async Task AnUnknownModelListsTheModelsTheSimulatorKnows()
    {
        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--model",
            "acme/giant",
            "--state-dir",
            _state.Path
        );

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("acme/giant").And.Contain("Qwen/Qwen3-8B").And.Contain("FLUX.1-dev");
        run.Error.Trim().Split('\n').Should().HaveCount(1);
    }

    [Fact]
    public async Task AnUnknownGpuKindListsTheKnownOnes()
    {
        var run = await CliRun.RunAsync("optimize", "--slo", "200ms", "--gpu", "TPUv5", "--state-dir", _state.Path);

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("TPUv5").And.Contain("H100-SXM-80GB");
    }

    [Fact]
    public async Task AMalformedLoadIsABadInput()
    {
        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "200ms",
            "--load",
            "poisson:-3",
            "--state-dir",
            _state.Path
        );

        run.ExitCode.Should().Be(2);
        run.Error.Should().Contain("poisson:-3");
    }
}
