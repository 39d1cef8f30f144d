using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Tests;

public sealed class ReplicaRetuneTests
{
    [Fact]
    public void AClockCapSetMidRunGovernsTheStepsAfterItAndLeavesTheEnergyBeforeItAlone()
    {
        var host = SimulatedHost.CreateDefault();
        var model = host.Models.Get("Qwen/Qwen3-8B");
        var gpu = host.Gpus.Get("H100-SXM-80GB");
        var factory = new RequestFactory(RequestLengthProfile.ChatFor(model), 8192, new Random(1));
        var engine = new ReplicaEngine(
            new StepCostModel(model, gpu, host.Calibration, 1),
            new GpuPowerModel(gpu, rooflineExponent: host.Calibration.RooflineExponent),
            new EngineLimits(64, host.Calibration.MaxNumBatchedTokens, host.Calibration.KvBlockTokens),
            new ClosedLoopArrivals(factory, 64),
            new WindowMeter(0, double.PositiveInfinity, 0),
            HostStalls.For(host.Calibration, gpu, 1, 1)
        );

        engine.RunUntil(20, CancellationToken.None);
        var before = engine.Timeline.EnergyUntil(20);
        engine.Gpu = new GpuPowerModel(gpu, 900, null, host.Calibration.RooflineExponent);
        engine.RunUntil(40, CancellationToken.None);
        var after = engine.Timeline.EnergyUntil(40) - engine.Timeline.EnergyUntil(20);

        engine.Timeline.EnergyUntil(20).Should().Be(before, "steps already run keep the power they were run at");
        engine.Gpu.ClockCapMhz.Should().Be(900);
        (after / 20).Should().BeLessThan(before / 20 * 0.8, "the same busy batch draws less under a 900 MHz cap");
    }
}
