using MLEnergy.Simulation;
using MLEnergy.Simulation.Load;
using MLEnergy.Simulation.Tests.Support;

namespace MLEnergy.Simulation.Tests;

/// <summary>
/// The simulator's fitted constants hold against the measurements they were fitted to: ML.ENERGY v3
/// lm-arena-chat on H100, saturating load, max clocks, 700 W, every max_num_seqs measured.
/// </summary>
public sealed class CalibrationTests
{
    private const double Tolerance = 0.25;
    private static readonly SimulatedHost Host = SimulatedHost.CreateDefault();

    public static TheoryData<string> FittedModels => new() { "Qwen/Qwen3-8B", "meta-llama/Llama-3.1-70B-Instruct" };

    [Theory]
    [MemberData(nameof(FittedModels))]
    public void SimulatedMedianItlEnergyPerTokenAndPowerAreWithinAQuarterOfTheMeasurements(string modelId)
    {
        var rows = MeasuredServing.Load().Where(r => r.ModelId == modelId).ToList();
        rows.Should().HaveCountGreaterThanOrEqualTo(10);
        var misses = new List<string>();
        foreach (var row in rows)
        {
            var config = new SimulatedServingConfig(row.ModelId, "H100-SXM-80GB", row.TensorParallel, 1, row.MaxNumSeqs, HostGpuCount: row.NumGpus);
            var result = Host.Run(config, LoadSpec.Saturate, TimeSpan.FromSeconds(20), TimeSpan.FromSeconds(60), seed: 7);
            result.Feasible.Should().BeTrue(result.InfeasibleReason);
            Check(misses, row, "median ITL ms", result.MedianInterTokenLatency.TotalMilliseconds, row.MedianItlMs);
            Check(misses, row, "J/token", result.EnergyPerTokenJoules, row.EnergyPerTokenJoules);
            Check(misses, row, "average power W", result.ServingAveragePowerWatts, row.AvgPowerWatts);
        }

        misses.Should().BeEmpty();
    }

    [Fact]
    public void BiggerBatchesLowerEnergyPerTokenAndRaiseInterTokenLatencyAsMeasured()
    {
        var small = Host.Run(new SimulatedServingConfig("Qwen/Qwen3-8B", "H100-SXM-80GB", MaxNumSeqs: 8), LoadSpec.Saturate, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), 1);
        var large = Host.Run(new SimulatedServingConfig("Qwen/Qwen3-8B", "H100-SXM-80GB", MaxNumSeqs: 512), LoadSpec.Saturate, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(30), 1);

        (small.EnergyPerTokenJoules / large.EnergyPerTokenJoules).Should().BeGreaterThan(4);
        (large.MedianInterTokenLatency / small.MedianInterTokenLatency).Should().BeGreaterThan(4);
        large.ServingAveragePowerWatts.Should().BeGreaterThan(small.ServingAveragePowerWatts);
    }

    private static void Check(List<string> misses, MeasuredServing row, string what, double simulated, double measured)
    {
        var error = (simulated / measured) - 1;
        if (Math.Abs(error) > Tolerance)
        {
            misses.Add($"{row}: {what} simulated {simulated:G4}, measured {measured:G4} ({error:+0%;-0%})");
        }
    }
}
