using MLEnergy.Simulation.Diffusion;
using MLEnergy.Simulation.Engine;

namespace MLEnergy.Simulation.Tests;

public sealed class DiffusionTests
{
    private static readonly DiffusionHost Host = DiffusionHost.CreateDefault();

    [Theory]
    [InlineData("black-forest-labs/FLUX.1-dev")]
    [InlineData("stabilityai/stable-diffusion-3.5-large")]
    [InlineData("stabilityai/stable-diffusion-3.5-medium")]
    [InlineData("PixArt-alpha/PixArt-Sigma-XL-2-1024-MS")]
    [InlineData("Tencent-Hunyuan/HunyuanDiT-v1.2-Diffusers")]
    [InlineData("Efficient-Large-Model/SANA1.5_1.6B_1024px_diffusers")]
    [InlineData("Efficient-Large-Model/SANA1.5_4.8B_1024px_diffusers")]
    [InlineData("Wan-AI/Wan2.1-T2V-1.3B-Diffusers")]
    [InlineData("Wan-AI/Wan2.1-T2V-14B-Diffusers")]
    [InlineData("tencent/HunyuanVideo")]
    [InlineData("zai-org/CogVideoX-2b")]
    [InlineData("zai-org/CogVideoX1.5-5B")]
    public void EveryDiffusionModelOfTheV3DataRunsOnOneH100(string id)
    {
        var result = Host.Run(new DiffusionServingConfig(id, "H100"));

        result.Feasible.Should().BeTrue(result.InfeasibleReason);
        result.BatchLatency.Should().BePositive();
        result.AveragePowerWatts.Should().BeInRange(100, 700);
    }

    [Theory]
    // ML.ENERGY v3, FLUX.1-dev 1024x1024, 50 steps, batch 1 on one GPU (the rows the pipeline costs were fitted on).
    [InlineData("H100", 11.64, 7949)]
    [InlineData("B200", 7.75, 6679)]
    public void FluxOnOneGpuTakesTheMeasuredTimeAndEnergyPerImageWithinAFittedRowsTolerance(
        string gpu,
        double seconds,
        double joules
    )
    {
        var result = Host.Run(new DiffusionServingConfig("black-forest-labs/FLUX.1-dev", gpu, Steps: 50));

        result.BatchLatency.TotalSeconds.Should().BeInRange(seconds * 0.8, seconds * 1.2);
        result.EnergyPerOutputJoules.Should().BeInRange(joules * 0.8, joules * 1.2);
    }

    [Fact]
    public void EachGpuKindsPipelineCostsNameTheOneImageModelTheyWereFittedOn()
    {
        var pipeline = DiffusionCalibration.LoadDefault();

        pipeline.Fitted.Select(c => c.Gpu).Should().BeEquivalentTo("H100-SXM-80GB", "B200-SXM-180GB");
        foreach (var costs in pipeline.Fitted)
        {
            Host.Gpus.Get(costs.Gpu).Id.Should().Be(costs.Gpu);
            Host.Models.Get(costs.FittedOn).IsVideo.Should().BeFalse();
            costs.TensorShare.Should().BeInRange(0.1, 1);
            costs.DecodeSecondsPerMegapixel.Should().BeGreaterThan(0);
            costs.CollectiveLatencySeconds.Should().BeInRange(1e-6, 1e-3);
        }
    }

    [Fact]
    public void AGpuKindWithoutItsOwnPipelineCostsTakesTheFallbacks()
    {
        var pipeline = DiffusionCalibration.LoadDefault();

        pipeline.For("H200-SXM-141GB").Should().Be(pipeline.For(pipeline.Fallback));
        pipeline.Fallback.Should().Be("H100-SXM-80GB");
    }

    [Fact]
    public void PipelineCostsLengthenABatchAtLowerPowerThanTheFlopsAlone()
    {
        var config = new DiffusionServingConfig("stabilityai/stable-diffusion-3.5-medium", "H100", 4, UlyssesDegree: 2);
        var flopsAlone = Host.With(DiffusionCalibration.None).Run(config);

        var withCosts = Host.Run(config);

        withCosts.BatchLatency.Should().BeGreaterThan(flopsAlone.BatchLatency * 1.2);
        withCosts.AveragePowerWatts.Should().BeLessThan(flopsAlone.AveragePowerWatts);
    }

    [Fact]
    public void SequenceParallelismShortensTheBatchAndCostsEnergy()
    {
        var one = Host.Run(new DiffusionServingConfig("Wan-AI/Wan2.1-T2V-14B-Diffusers", "H100"));
        var ulysses = Host.Run(new DiffusionServingConfig("Wan-AI/Wan2.1-T2V-14B-Diffusers", "H100", UlyssesDegree: 4));
        var ring = Host.Run(new DiffusionServingConfig("Wan-AI/Wan2.1-T2V-14B-Diffusers", "H100", RingDegree: 4));

        ulysses.BatchLatency.Should().BeLessThan(one.BatchLatency / 3);
        ring.BatchLatency.Should().BeLessThan(one.BatchLatency / 3);
        ulysses.EnergyPerOutputJoules.Should().BeGreaterThan(one.EnergyPerOutputJoules);
    }

    [Fact]
    public void BiggerBatchesTakeProportionallyLongerAndAPowerCapSlowsThem()
    {
        var single = Host.Run(new DiffusionServingConfig("stabilityai/stable-diffusion-3.5-large", "H100"));
        var eight = Host.Run(new DiffusionServingConfig("stabilityai/stable-diffusion-3.5-large", "H100", 8));
        var capped = Host.Run(
            new DiffusionServingConfig("stabilityai/stable-diffusion-3.5-large", "H100", 8, PowerLimitWatts: 300)
        );

        (eight.BatchLatency / single.BatchLatency).Should().BeInRange(6, 8.5);
        capped.BatchLatency.Should().BeGreaterThan(eight.BatchLatency);
        capped.AveragePowerWatts.Should().BeLessThan(310);
    }

    [Fact]
    public void DenoisingStepsPayTheEagerPerLayerOverheadNotTheLlmPromptStepsOne()
    {
        var engine = EngineCalibration.LoadDefault();
        DiffusionHost With(EngineCalibration calibration) => new(Host.Gpus, Host.Models, calibration, Host.Pipeline);
        var config = new DiffusionServingConfig("black-forest-labs/FLUX.1-dev", "H100", Steps: 50);

        var shipped = With(engine).Run(config).BatchLatency.TotalSeconds;
        var otherPromptSteps = With(engine with { MixedStepOverheadSecondsPerLayer = 0.01 }).Run(config);
        var noEagerOverhead = With(engine with { EagerLayerOverheadSeconds = 0 }).Run(config);

        otherPromptSteps.BatchLatency.TotalSeconds.Should().Be(shipped);
        // FLUX.1-dev: 57 blocks, 50 steps of 0.18 ms a block at most (the GPUs' own work overlaps part of it).
        (shipped - noEagerOverhead.BatchLatency.TotalSeconds)
            .Should()
            .BeInRange(0.5 * 57 * 50 * 1.8e-4, 57 * 50 * 1.8e-4);
    }
}
