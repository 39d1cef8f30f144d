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
    public void ARatioOfTotalsIsCentredOnTheRatioNotOnTheMeanOfTheRatios()
    {
        // Energy 12, 40, 12 J over 1000, 4000, 1000 tokens: the ratio of totals is 64/6000, the mean of the
        // per-window ratios (0.012, 0.010, 0.012) is 0.011333.
        var interval = ConfidenceInterval.OfRatio([12, 40, 12], [1000, 4000, 1000]);

        interval.Mean.Should().BeApproximately(64.0 / 6000, 1e-15);
        // residuals 12 - 10.667, 40 - 42.667, 12 - 10.667: s^2 = 10.667 / 2; se = sqrt(s^2 / 3) / 2000
        interval.HalfWidth.Should().BeApproximately(4.302653 * Math.Sqrt(16.0 / 3 / 3) / 2000, 1e-8);
        interval.Lower.Should().BeApproximately(0.0077982, 1e-7);
        interval.Count.Should().Be(3);
    }

    [Fact]
    public void WithEqualDenominatorsTheRatioIntervalIsTheIntervalOfTheMeanOfTheRatios()
    {
        var ratio = ConfidenceInterval.OfRatio([30, 32, 31, 29, 33], [100, 100, 100, 100, 100]);
        var mean = ConfidenceInterval.OfMean([0.30, 0.32, 0.31, 0.29, 0.33]);

        ratio.Mean.Should().BeApproximately(mean.Mean, 1e-12);
        ratio.HalfWidth.Should().BeApproximately(mean.HalfWidth, 1e-12);
    }

    [Fact]
    public void OneMeasurementSaysNothingAboutTheSpread()
    {
        ConfidenceInterval.OfMean([1.0]).HalfWidth.Should().Be(double.PositiveInfinity);
        ConfidenceInterval.OfRatio([1.0], [10.0]).HalfWidth.Should().Be(double.PositiveInfinity);
    }
}
