using MLEnergy.Profiler.Statistics;

namespace MLEnergy.Profiler.Tests.Statistics;

public sealed class ConfidenceIntervalTests
{
    [Fact]
    public void FiveRepeatsGiveTheStudentTInterval()
    {
        var interval = ConfidenceInterval.OfMean([0.30, 0.32, 0.31, 0.29, 0.33]);

        interval.Mean.Should().BeApproximately(0.31, 1e-12);
        // s = 0.015811, t(0.975, 4) = 2.776445, half width = t * s / sqrt(5)
        interval.HalfWidth.Should().BeApproximately(2.776445 * 0.0158114 / Math.Sqrt(5), 1e-5);
        interval.Lower.Should().BeLessThan(0.31);
        interval.Upper.Should().BeGreaterThan(0.31);
    }

    [Fact]
    public void OneMeasurementSaysNothingAboutTheSpread()
    {
        ConfidenceInterval.OfMean([1.0]).HalfWidth.Should().Be(double.PositiveInfinity);
    }
}
