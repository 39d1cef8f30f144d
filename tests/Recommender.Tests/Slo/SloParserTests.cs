using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Recommender.Tests.Slo;

public class SloParserTests
{
    [Fact]
    public void ADurationAloneMeansP99TimePerOutputToken()
    {
        var slo = SloParser.Parse("200ms");

        slo.Should().Be(new SloConstraint(LatencyMetric.Tpot, Statistic.P99, 200));
        slo.MetricName.Should().Be("tpot_p99_ms");
    }

    [Theory]
    [InlineData("p90 ttft<=2s", LatencyMetric.Ttft, Statistic.P90, 2000)]
    [InlineData("p99 tpot<=200ms", LatencyMetric.Tpot, Statistic.P99, 200)]
    [InlineData("p50 itl <= 50 ms", LatencyMetric.Itl, Statistic.P50, 50)]
    [InlineData("mean e2e<=1.5s", LatencyMetric.E2e, Statistic.Mean, 1500)]
    [InlineData("p99.9 latency<=500us", LatencyMetric.Latency, Statistic.P999, 0.5)]
    [InlineData("P95 TTFT<=3S", LatencyMetric.Ttft, Statistic.P95, 3000)]
    public void ReadsStatisticMetricAndDuration(
        string text,
        LatencyMetric metric,
        Statistic statistic,
        double thresholdMs
    )
    {
        var slo = SloParser.Parse(text);

        slo.Metric.Should().Be(metric);
        slo.Statistic.Should().Be(statistic);
        slo.ThresholdMs.Should().BeApproximately(thresholdMs, 1e-9);
    }

    [Fact]
    public void P999IsWrittenWithoutItsDotInMetricNames() =>
        SloParser.Parse("p99.9 e2e<=1s").MetricName.Should().Be("e2e_p999_ms");

    [Theory]
    [InlineData("fast", "cannot read SLO 'fast'")]
    [InlineData("-5ms", "must be positive")]
    [InlineData("0ms", "must be positive")]
    [InlineData("p101 tpot<=1s", "unknown statistic 'p101'")]
    [InlineData("p99 speed<=1s", "unknown metric 'speed'")]
    [InlineData("p99 tpot<=fast", "cannot read the duration")]
    [InlineData("p99 tpot<=5", "cannot read the duration")]
    public void RejectsMalformedSlosWithAClearMessage(string text, string expected)
    {
        var parse = () => SloParser.Parse(text);

        parse.Should().Throw<SloFormatException>().WithMessage($"*{expected}*");
    }

    [Fact]
    public void SeveralSlosKeepTheirOrderAndTheFirstIsPrimary()
    {
        var slo = SloParser.ParseAll(["p99 tpot<=200ms", "p90 ttft<=2s"]);

        slo.Constraints.Should().HaveCount(2);
        slo.Primary.Metric.Should().Be(LatencyMetric.Tpot);
        slo.ToString().Should().Be("p99 tpot<=200ms and p90 ttft<=2000ms");
    }
}
