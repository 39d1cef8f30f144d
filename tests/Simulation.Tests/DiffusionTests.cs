using MLEnergy.Simulation.Diffusion;

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

    [Fact]
    public void FluxOnOneH100TakesAboutTheMeasuredTwelveSecondsPerImage()
    {
        // ML.ENERGY v3: FLUX.1-dev, 1024x1024, 50 steps, batch 1, one H100: 11.6 s, 7.9 kJ per image.
        var result = Host.Run(new DiffusionServingConfig("black-forest-labs/FLUX.1-dev", "H100", Steps: 50));

        result.BatchLatency.TotalSeconds.Should().BeInRange(11.6 * 0.65, 11.6 * 1.35);
        result.EnergyPerOutputJoules.Should().BeInRange(7949 * 0.65, 7949 * 1.35);
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
}
