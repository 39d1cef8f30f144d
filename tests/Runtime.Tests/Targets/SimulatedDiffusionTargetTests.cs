using MLEnergy.Recommender.Evaluation;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Search;
using MLEnergy.Recommender.Slo;
using MLEnergy.Recommender.Spaces;
using MLEnergy.Runtime.Optimize;
using MLEnergy.Runtime.Replay;
using MLEnergy.Runtime.Requests;
using MLEnergy.Runtime.Targets;
using MLEnergy.Runtime.Tests.Support;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Diffusion;

namespace MLEnergy.Runtime.Tests.Targets;

/// <summary>
/// The simulated diffusion server as an optimize target: it speaks the published tables' knob names and metrics, so a
/// space runs on it and on replay of text-to-image alike, and it recommends what its own engine says is least.
/// </summary>
public sealed class SimulatedDiffusionTargetTests : IDisposable
{
    private const string Flux = "black-forest-labs/FLUX.1-dev";
    private const double SloMs = 30_000;

    private static readonly DiffusionHost Engine = DiffusionHost.CreateDefault();

    private readonly TempFolder _state = new();
    private readonly OptimizeService _service = new(
        new TargetFactory(
            new ShippedFiles(RepositoryPaths.Data(), Path.Combine(RepositoryPaths.Root, "search-spaces")),
            () => SimulatedHost.CreateDefault(),
            () => Engine
        ),
        TimeProvider.System
    );

    public void Dispose() => _state.Dispose();

    [Fact]
    public async Task OptimizeOnTheSimulatedDiffusionHostRecommendsTheEnginesLeastEnergyConfigurationWithinTheSlo()
    {
        var request = Request(TargetSpec.Parse("sim")) with
        {
            Model = Flux,
            Gpu = "H100",
            Pins = [KnobPin.Parse("sm_clock_cap_mhz=1440,1980"), KnobPin.Parse("power_limit_w=700")],
        };

        var outcome = await RunAsync(request);

        outcome.Setup.Space.Name.Should().Be("sim-h100-diffusion");
        outcome.Setup.Space.Objective.Should().Be(ObjectiveKind.EnergyPerImage);
        var candidates =
            from clock in new[] { 1440, 1980 }
            from batch in new[] { 1, 2, 4, 8, 16, 32 }
            from ulysses in new[] { 1, 2, 4, 8 }
            from ring in new[] { 1, 2, 4, 8 }
            where ulysses * ring <= 8
            select new DiffusionServingConfig(Flux, "H100", batch, ulysses, ring, clock, 700);
        var expected = LeastEnergyWithinSlo(candidates, new DiffusionServingConfig(Flux, "H100", 1, 1, 1, 1980, 700));
        var recommended = outcome.Recommended;
        recommended.Configuration.Number("sm_clock_cap_mhz").Should().Be(expected.Config.SmClockCapMhz);
        recommended.Configuration.Number("batch_size").Should().Be(expected.Config.BatchSize);
        // Ulysses and ring of degree two exchange the same bytes, so either may be the one chosen.
        (recommended.Configuration.Number("ulysses_degree") * recommended.Configuration.Number("ring_degree"))
            .Should()
            .Be(expected.Config.GpuCount);
        recommended.Metrics["energy_per_image_j"].Should().BeApproximately(expected.EnergyPerOutputJoules, 1e-6);
        recommended
            .Metrics["latency_mean_ms"]
            .Should()
            .BeApproximately(expected.BatchLatency.TotalMilliseconds, 1e-6)
            .And.BeLessThanOrEqualTo(SloMs);
        recommended
            .Metrics["avg_power_w"]
            .Should()
            .BeApproximately(expected.AveragePowerWatts, expected.AveragePowerWatts * 1e-9);
    }

    [Fact]
    public async Task OneSpaceFileRunsOnReplayOfTextToImageAndOnTheSimulatedHostWithTheSameKnobsAndMetrics()
    {
        var space = Path.Combine(RepositoryPaths.Root, "search-spaces", "diffusion-xdit.yaml");

        var replayed = await RunAsync(Request(TargetSpec.Parse("replay:text-to-image")) with { SpacePath = space });
        var simulated = await RunAsync(Request(TargetSpec.Parse("sim")) with { SpacePath = space });

        string[] knobs = ["gpu_model", "num_gpus", "batch_size", "ulysses_degree", "ring_degree"];
        replayed.Setup.Space.Knobs.Select(k => k.Name).Should().Equal(knobs);
        simulated.Setup.Space.Knobs.Select(k => k.Name).Should().Equal(knobs);
        string[] metrics = ["latency_mean_ms", "energy_per_image_j", "throughput_images_per_s", "avg_power_w"];
        replayed.Setup.MetricNames.Should().Contain(metrics);
        simulated.Setup.MetricNames.Should().Contain(metrics);

        var table = new ReplayTableLoader(RepositoryPaths.Data()).Load("text-to-image");
        var published = ReplaySpaceFactory.Rows(table, Flux, "H100");
        var baseline = published.Single(r => r.Configuration.Key == replayed.Setup.Space.Baseline!.Key);
        var best = published
            .Where(r => r.Metrics["latency_mean_ms"] <= SloMs)
            .Where(r => r.Metrics["throughput_images_per_s"] >= baseline.Metrics["throughput_images_per_s"])
            .MinBy(r => r.Metrics["energy_per_image_j"])!;
        replayed.Recommended.Configuration.Should().Be(best.Configuration);
        replayed.Recommended.Metrics["energy_per_image_j"].Should().Be(best.Metrics["energy_per_image_j"]);

        var candidates = published.Select(r => new DiffusionServingConfig(
            Flux,
            "H100",
            (int)r.Configuration.Number("batch_size")!,
            (int)r.Configuration.Number("ulysses_degree")!,
            (int)r.Configuration.Number("ring_degree")!
        ));
        var expected = LeastEnergyWithinSlo(candidates, new DiffusionServingConfig(Flux, "H100"));
        simulated.Recommended.Configuration.Number("batch_size").Should().Be(expected.Config.BatchSize);
        simulated.Recommended.Configuration.Number("num_gpus").Should().Be(expected.Config.GpuCount);
        simulated
            .Recommended.Metrics["energy_per_image_j"]
            .Should()
            .BeApproximately(expected.EnergyPerOutputJoules, 1e-6);
    }

    [Fact]
    public async Task TheSharedSpaceTunesAVideoModelForEnergyPerVideoOnReplayAndOnTheSimulatedHost()
    {
        var space = Path.Combine(RepositoryPaths.Root, "search-spaces", "diffusion-xdit.yaml");
        var video = Request(TargetSpec.Parse("sim")) with
        {
            Model = "Wan-AI/Wan2.1-T2V-1.3B-Diffusers",
            SpacePath = space,
            Slo = SloParser.ParseAll(["mean latency<=60s"]),
        };

        var replayed = await RunAsync(video with { Target = TargetSpec.Parse("replay:text-to-video") });
        var simulated = await RunAsync(video);

        replayed.Setup.Space.Objective.Should().Be(ObjectiveKind.EnergyPerVideo);
        simulated.Setup.Space.Objective.Should().Be(ObjectiveKind.EnergyPerVideo);
        replayed.Recommended.Metrics.Should().ContainKey("energy_per_video_j");
        simulated.Recommended.Metrics.Should().ContainKey("energy_per_video_j");
    }

    [Fact]
    public async Task AVideoModelIsTunedForEnergyPerVideo()
    {
        var setup = await _service.PrepareAsync(
            Request(TargetSpec.Parse("sim")) with
            {
                Model = "Wan-AI/Wan2.1-T2V-1.3B-Diffusers",
                Slo = SloParser.ParseAll(["mean latency<=300s"]),
            },
            CancellationToken.None
        );

        setup.Space.Objective.Should().Be(ObjectiveKind.EnergyPerVideo);
        setup.MetricNames.Should().Contain(["energy_per_video_j", "throughput_videos_per_s", "latency_p99_ms"]);
    }

    [Fact]
    public async Task AConfigurationWhoseGpuCountIsNotTheProductOfItsDegreesIsInfeasibleWithTheReason()
    {
        var setup = await _service.PrepareAsync(
            Request(TargetSpec.Parse("sim")) with
            {
                SpacePath = Path.Combine(RepositoryPaths.Root, "search-spaces", "diffusion-xdit.yaml"),
            },
            CancellationToken.None
        );
        await using var host = await setup.OpenAsync(CancellationToken.None);
        var configuration = Configuration.Of(
            ("gpu_model", "H100"),
            ("num_gpus", "4"),
            ("batch_size", "1"),
            ("ulysses_degree", "2"),
            ("ring_degree", "1")
        );

        var observation = await host.Evaluator.EvaluateAsync(new TrialRequest(configuration), CancellationToken.None);

        observation.Feasible.Should().BeFalse();
        observation
            .InfeasibleReason.Should()
            .Be(
                "num_gpus 4 is not ulysses_degree × ring_degree = 2: "
                    + "a diffusion server's GPUs are its parallel group"
            );
    }

    [Fact]
    public async Task ALoadIsRefusedBecauseTheDiffusionHostRunsBatchesBackToBack()
    {
        var prepare = () =>
            _service.PrepareAsync(
                Request(TargetSpec.Parse("sim")) with
                {
                    Model = Flux,
                    Load = "poisson:1",
                },
                CancellationToken.None
            );

        await prepare
            .Should()
            .ThrowAsync<TargetException>()
            .WithMessage("--load, --workload and --load-levels do not apply to the simulated diffusion host*");
    }

    [Fact]
    public async Task ADiffusionModelOnTheLlmSpaceIsRefusedNamingTheKnobThatDoesNotApply()
    {
        var prepare = () =>
            _service.PrepareAsync(
                Request(TargetSpec.Parse("sim")) with
                {
                    Model = Flux,
                    SpacePath = Path.Combine(RepositoryPaths.Root, "search-spaces", "sim-h100-llm.yaml"),
                },
                CancellationToken.None
            );

        await prepare
            .Should()
            .ThrowAsync<TargetException>()
            .WithMessage($"{Flux} is a diffusion model: knob 'tensor_parallel' does not apply*");
    }

    /// <summary>What the engine itself says: least energy per image among those within the SLO that keep the
    /// baseline's throughput (the default capacity floor).</summary>
    private static DiffusionTrialResult LeastEnergyWithinSlo(
        IEnumerable<DiffusionServingConfig> candidates,
        DiffusionServingConfig baseline
    )
    {
        static double Throughput(DiffusionTrialResult r) => r.Config.BatchSize / r.BatchLatency.TotalSeconds;
        var floor = Throughput(Engine.Run(baseline));
        return candidates
            .Select(Engine.Run)
            .Where(r => r.Feasible && r.BatchLatency.TotalMilliseconds <= SloMs && Throughput(r) >= floor)
            .MinBy(r => r.EnergyPerOutputJoules)!;
    }

    private OptimizeRequest Request(TargetSpec target) =>
        new()
        {
            Slo = SloParser.ParseAll(["mean latency<=30s"]),
            Target = target,
            Model = target is TargetSpec.Replay ? Flux : null,
            StateDirectory = _state.Path,
            HostId = "test-host",
            Strategy = "grid",
        };

    private async Task<(TargetSetup Setup, Recommender.Observations.Observation Recommended)> RunAsync(
        OptimizeRequest request
    )
    {
        var setup = await _service.PrepareAsync(request, CancellationToken.None);
        await using var host = await setup.OpenAsync(CancellationToken.None);
        var outcome = await _service.RunAsync(request, setup, host, null, CancellationToken.None);
        return (setup, outcome.Result.Selection.Recommended!);
    }
}
