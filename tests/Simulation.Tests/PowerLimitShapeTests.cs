using System.Globalization;
using MLEnergy.Simulation.Hardware;

namespace MLEnergy.Simulation.Tests;

/// <summary>
/// Lowering the power limit slows a compute-bound training job and cuts its power the way the Zeus
/// NSDI'23 sweeps measured on A40 and V100 (time per epoch and average power against the limit,
/// both normalised to the highest limit).
/// </summary>
public sealed class PowerLimitShapeTests
{
    private const double Tolerance = 0.20;

    /// <summary>
    /// A training iteration: compute-bound matmuls overlapping with memory traffic, and a little host time.
    /// </summary>
    private static readonly KernelMix TrainingStep = new(1.0, 0.45, 0, 0, 0.36, 0.03);

    [Theory]
    [InlineData("zeus-power-limit-a40.csv", "A40", "imagenet", "resnet50")]
    [InlineData("zeus-power-limit-v100.csv", "V100-PCIE-32GB", "imagenet", "resnet50")]
    [InlineData("zeus-power-limit-v100.csv", "V100-PCIE-32GB", "squad", "bert_base_uncased")]
    public void TimeAndPowerFollowTheMeasuredPowerLimitSweep(string file, string gpuId, string dataset, string network)
    {
        var gpu = GpuCatalog.LoadDefault().Get(gpuId);
        var sweeps = ReadSweeps(file, dataset, network);
        sweeps.Should().NotBeEmpty();
        var misses = new List<string>();
        foreach (var (batch, points) in sweeps)
        {
            var top = points[0];
            var reference = new GpuPowerModel(gpu, null, top.Limit).Execute(TrainingStep);
            foreach (var point in points)
            {
                var simulated = new GpuPowerModel(gpu, null, point.Limit).Execute(TrainingStep);
                var timeError = (simulated.DurationSeconds / reference.DurationSeconds) / (point.Time / top.Time) - 1;
                var powerError = (simulated.PowerWatts / reference.PowerWatts) / (point.Power / top.Power) - 1;
                if (Math.Abs(timeError) > Tolerance || Math.Abs(powerError) > Tolerance)
                {
                    misses.Add(
                        $"{network} batch {batch} at {point.Limit} W: time {timeError:+0%;-0%}, power "
                            + $"{powerError:+0%;-0%}"
                    );
                }
            }
        }

        misses.Should().BeEmpty();
    }

    [Fact]
    public void ABindingLimitLowersTheClockAndKeepsPowerUnderTheLimit()
    {
        var h100 = GpuCatalog.LoadDefault().Get("H100-SXM-80GB");
        var free = new GpuPowerModel(h100, null, 700).Execute(TrainingStep);
        var capped = new GpuPowerModel(h100, null, 300).Execute(TrainingStep);

        free.PowerWatts.Should().BeGreaterThan(300);
        capped.PowerWatts.Should().BeLessThanOrEqualTo(300);
        capped.ClockMhz.Should().BeLessThan(free.ClockMhz);
        capped.DurationSeconds.Should().BeGreaterThan(free.DurationSeconds);
    }

    [Fact]
    public void AClockCapSlowsComputeButNotMemoryBoundWork()
    {
        var h100 = GpuCatalog.LoadDefault().Get("H100-SXM-80GB");
        var memoryBound = new KernelMix(0.1, 1.0, 0, 0, 0.8, 0);
        var computeBound = new KernelMix(1.0, 0.1, 0, 0, 0.08, 0);

        var slowMemory =
            new GpuPowerModel(h100, 990).Execute(memoryBound).DurationSeconds
            / new GpuPowerModel(h100).Execute(memoryBound).DurationSeconds;
        var uncapped = new GpuPowerModel(h100).Execute(computeBound);
        var slowCompute = new GpuPowerModel(h100, 990).Execute(computeBound).DurationSeconds / uncapped.DurationSeconds;

        slowMemory.Should().BeApproximately(1.0, 0.01);
        uncapped.ClockMhz.Should().BeGreaterThan(990);
        slowCompute.Should().BeApproximately(uncapped.ClockMhz / 990, 0.01);
        new GpuPowerModel(h100, 990)
            .Execute(memoryBound)
            .PowerWatts.Should()
            .BeLessThan(new GpuPowerModel(h100).Execute(memoryBound).PowerWatts);
    }

    private static List<(int Batch, List<(double Limit, double Time, double Power)> Points)> ReadSweeps(
        string file,
        string dataset,
        string network
    )
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "TestData", file)).Skip(1);
        return
        [
            .. lines
                .Select(line => line.Split(','))
                .Where(f => f[0] == dataset && f[1] == network)
                .GroupBy(f => int.Parse(f[2], CultureInfo.InvariantCulture))
                .Select(g =>
                    (
                        g.Key,
                        g.Select(f =>
                                (
                                    double.Parse(f[4], CultureInfo.InvariantCulture),
                                    double.Parse(f[5], CultureInfo.InvariantCulture),
                                    double.Parse(f[6], CultureInfo.InvariantCulture)
                                )
                            )
                            .OrderByDescending(p => p.Item1)
                            .ToList()
                    )
                ),
        ];
    }
}
