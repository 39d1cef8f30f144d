using MLEnergy.Simulation;
using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Load;
using MLEnergy.Simulation.Telemetry;

namespace MLEnergy.Simulation.Tests;

public sealed class TelemetryTests
{
    private static readonly SimulatedTrialResult Trial = SimulatedHost
        .CreateDefault()
        .Run(
            new SimulatedServingConfig("Qwen/Qwen3-8B", "H100-SXM-80GB", MaxNumSeqs: 64, HostGpuCount: 2),
            LoadSpec.Saturate,
            TimeSpan.FromSeconds(5),
            TimeSpan.FromSeconds(20),
            1
        );

    [Fact]
    public void TheEnergyCounterOverTheWindowMatchesTheTrialsEnergy()
    {
        var telemetry = Trial.Telemetry(0);

        var millijoules =
            telemetry.TotalEnergyMillijoules(TimeSpan.FromSeconds(25))
            - telemetry.TotalEnergyMillijoules(TimeSpan.FromSeconds(5));

        (millijoules / 1000.0).Should().BeApproximately(Trial.Gpus[0].EnergyJoules, Trial.Gpus[0].EnergyJoules * 0.001);
    }

    [Fact]
    public void TheEnergyCounterOnlyMovesEveryHundredMilliseconds()
    {
        var telemetry = Trial.Telemetry(0);

        telemetry
            .TotalEnergyMillijoules(TimeSpan.FromMilliseconds(10_010))
            .Should()
            .Be(telemetry.TotalEnergyMillijoules(TimeSpan.FromMilliseconds(10_090)));
        telemetry
            .TotalEnergyMillijoules(TimeSpan.FromMilliseconds(10_110))
            .Should()
            .BeGreaterThan(telemetry.TotalEnergyMillijoules(TimeSpan.FromMilliseconds(10_090)));
    }

    [Fact]
    public void AveragedPowerIsCloseToTheWindowsAverageAndAnIdleGpuReadsIdlePower()
    {
        Trial
            .Telemetry(0)
            .AveragePowerWatts(TimeSpan.FromSeconds(15))
            .Should()
            .BeApproximately(Trial.Gpus[0].AveragePowerWatts, 30);
        Trial.Telemetry(1).InstantPowerWatts(TimeSpan.FromSeconds(15)).Should().Be(70);
    }

    [Fact]
    public void NoisyTelemetryIsReproducibleBySeedAndStaysNearTheTruth()
    {
        var a = Trial.Telemetry(0, TelemetryOptions.Realistic(9));
        var b = Trial.Telemetry(0, TelemetryOptions.Realistic(9));
        var exact = Trial.Telemetry(0);
        var at = TimeSpan.FromSeconds(12.345);

        a.InstantPowerWatts(at).Should().Be(b.InstantPowerWatts(at));
        a.InstantPowerWatts(at)
            .Should()
            .BeApproximately(exact.InstantPowerWatts(at), exact.InstantPowerWatts(at) * 0.11);
        a.TotalEnergyMillijoules(at).Should().NotBe(exact.TotalEnergyMillijoules(at));
    }

    [Fact]
    public void HistogramPercentilesAreWithinHalfABucket()
    {
        var histogram = new LatencyHistogram();
        for (var i = 1; i <= 1000; i++)
        {
            histogram.Add(i / 1000.0);
        }

        histogram.Percentile(0.5).TotalSeconds.Should().BeApproximately(0.5, 0.005);
        histogram.Percentile(0.99).TotalSeconds.Should().BeApproximately(0.99, 0.01);
        histogram.Count.Should().Be(1000);
    }
}
