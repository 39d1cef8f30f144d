using MLEnergy.Profiler.Statistics;

namespace MLEnergy.Profiler.Tests.Statistics;

public sealed class PercentileTests
{
    [Fact]
    public void PercentilesAreTheNearestRankSoAlwaysARecordedValue()
    {
        double[] values = [15, 20, 35, 40, 50];

        Percentile.Of(values, 0.4).Should().Be(20, "rank ceil(0.4 * 5) = 2");
        Percentile.Of(values, 0.5).Should().Be(35, "rank ceil(2.5) = 3");
        Percentile.Of(values, 0.99).Should().Be(50);
        Percentile.Of(values, 0).Should().Be(15);
        Percentile.Of(values, 1).Should().Be(50);
    }

    [Fact]
    public void P99OfAHundredValuesIsTheNinetyNinthNotTheLargest()
    {
        var values = Enumerable.Range(1, 100).Select(i => (double)i).ToArray();

        Percentile.Of(values, 0.99).Should().Be(99);
        Percentile.Of(values, 0.999).Should().Be(100);
        Percentile.Of(values, 0.5).Should().Be(50);
    }

    [Fact]
    public void WeightedValuesGiveTheSamePercentileAsTheValuesRepeated()
    {
        (double, long)[] weighted = [(30, 3), (10, 5), (20, 2)];
        var repeated = weighted.SelectMany(w => Enumerable.Repeat(w.Item1, (int)w.Item2)).ToArray();

        foreach (var q in new[] { 0, 0.1, 0.5, 0.7, 0.71, 0.9, 0.99, 1 })
        {
            Percentile.OfWeighted(weighted, q).Should().Be(Percentile.Of(repeated, q), $"q = {q}");
        }
    }

    [Fact]
    public void AnEmptySampleHasNoPercentile()
    {
        Percentile.Of([], 0.5).Should().Be(double.NaN);
        Percentile.OfWeighted([], 0.5).Should().Be(double.NaN);
    }
}
