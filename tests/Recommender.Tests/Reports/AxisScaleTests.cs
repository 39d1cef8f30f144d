using MLEnergy.Recommender.Reports.Plots;

namespace MLEnergy.Recommender.Tests.Reports;

public sealed class AxisScaleTests
{
    [Fact]
    public void RangesWidenToRoundNumbersWithTicksOneTwoOrFiveApart()
    {
        var scale = AxisScale.Nice(0, 47.3);

        scale.Min.Should().Be(0);
        scale.Max.Should().Be(50);
        scale.Ticks.Should().Equal(0, 10, 20, 30, 40, 50);
    }

    [Fact]
    public void SmallEnergiesGetFineTicks()
    {
        var scale = AxisScale.Nice(0, 0.44);

        scale.Ticks.Should().Equal(0, 0.1, 0.2, 0.3, 0.4, 0.5);
        scale.Map(0.25, 100, 200).Should().BeApproximately(150, 1e-9);
    }

    [Fact]
    public void AnEmptyRangeIsWidenedRatherThanDividingByZero()
    {
        var scale = AxisScale.Nice(5, 5);

        scale.Max.Should().BeGreaterThan(scale.Min);
    }

    [Fact]
    public void ValuesSpanningAFactorOfTenGetALogAxisWithDecadeTicks()
    {
        var scale = AxisScale.For([0.07, 0.1, 0.9]);

        scale.Logarithmic.Should().BeTrue();
        scale.Min.Should().BeApproximately(0.01, 1e-12);
        scale.Max.Should().Be(1);
        scale.Ticks.Should().Contain([0.01, 0.1, 0.2, 0.5, 1]);
        scale.Map(0.1, 0, 100).Should().BeApproximately(50, 1e-9);
    }

    [Fact]
    public void ValuesWithinAFactorOfTenKeepALinearAxis() => AxisScale.For([0.07, 0.4]).Logarithmic.Should().BeFalse();

    [Theory]
    [InlineData(1e300, 1.0000000000000002e300)]
    [InlineData(1e16, 1e16 + 2)]
    [InlineData(1e308, 1.7e308)]
    [InlineData(1.6e308, 1.65e308)]
    [InlineData(-1.7e308, 1.7e308)]
    [InlineData(1e-320, 1e300)]
    [InlineData(0.5, double.PositiveInfinity)]
    [InlineData(double.NaN, 3)]
    public void ExtremeValuesGiveAFewFiniteIncreasingTicks(double a, double b)
    {
        var scale = AxisScale.For([a, b]);

        scale.Ticks.Length.Should().BeInRange(2, AxisScale.MaxTicks + 1);
        scale.Ticks.Should().OnlyContain(t => double.IsFinite(t));
        scale.Ticks.Should().BeInAscendingOrder();
        double.IsFinite(scale.Min).Should().BeTrue();
        (scale.Max > scale.Min).Should().BeTrue();
    }
}
