using MLEnergy.Profiler.Statistics;

namespace MLEnergy.Profiler.Tests.Statistics;

public sealed class PercentileTests
{
    [Fact]
    public void PercentilesInterpolateBetweenClosestRanksLikeNumpy()
    {
        double[] values = [15, 20, 35, 40, 50];

        Percentile.Of(values, 0.4).Should().BeApproximately(29, 1e-9);
        Percentile.Of(values, 0.5).Should().Be(35);
        Percentile.Of(values, 0.99).Should().BeApproximately(49.6, 1e-9);
        Percentile.Of(values, 0).Should().Be(15);
        Percentile.Of(values, 1).Should().Be(50);
    }

    [Fact]
    public void AnEmptySampleHasNoPercentile()
    {
        Percentile.Of([], 0.5).Should().Be(double.NaN);
    }
}
