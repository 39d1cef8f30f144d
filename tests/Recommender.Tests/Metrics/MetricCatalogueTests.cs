using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Recommender.Tests.Metrics;

public sealed class MetricCatalogueTests
{
    [Fact]
    public void EveryNamedMetricConstantIsInTheCatalogue()
    {
        var constants = typeof(MetricNames)
            .GetFields()
            .Where(f => f.IsLiteral)
            .Select(f => (string)f.GetRawConstantValue()!);

        constants.Should().OnlyContain(name => MetricCatalogue.Contains(name));
    }

    [Fact]
    public void EveryLatencyStatisticIsNamedMetricStatMs()
    {
        MetricCatalogue.Latency(LatencyMetric.Itl, Statistic.P50).Name.Should().Be("itl_p50_ms");
        MetricCatalogue.Latency(LatencyMetric.Ttft, Statistic.P999).Name.Should().Be("ttft_p999_ms");
        MetricCatalogue.Latency(LatencyMetric.Latency, Statistic.Mean).Unit.Should().Be("ms");
        MetricCatalogue.EarlyStopping(LatencyMetric.Tpot, Statistic.P99).Name.Should().Be("tpot_p99_ms_early_stopping");
        var (overBound, samples) = MetricCatalogue.Counts(LatencyMetric.Ttft, Statistic.P90);
        overBound.Name.Should().Be("ttft_p90_ms_over_bound");
        samples.Name.Should().Be("ttft_p90_ms_samples");
        MetricCatalogue
            .All.Should()
            .HaveCount(
                (5 * 6) + (5 * 5) + (5 * 5 * 2) + MetricCatalogue.Others.Length + MetricCatalogue.Validity.Length
            );
        MetricCatalogue.All.Select(m => m.Name).Should().OnlyHaveUniqueItems();
    }

    [Fact]
    public void ThroughputIsTheOnlyFamilyWhereHigherIsBetter()
    {
        MetricNames.HigherIsBetter("throughput_tokens_per_s").Should().BeTrue();
        MetricNames.HigherIsBetter("tpot_p99_ms").Should().BeFalse();
        MetricNames.HigherIsBetter("energy_per_token_j").Should().BeFalse();
        MetricCatalogue.Get("avg_power_w").Scope.Should().Be(MetricScope.ServingGpus);
        MetricCatalogue.Get("avg_power_per_gpu_w").Scope.Should().Be(MetricScope.PerGpu);
    }

    [Fact]
    public void AnUnknownNameIsNotSilentlyGivenADirection()
    {
        var unknown = () => MetricNames.HigherIsBetter("p99_latency_ms");

        unknown.Should().Throw<ArgumentException>().WithMessage("*'p99_latency_ms' is not a metric*");
    }

    [Fact]
    public void TheLatenciesATargetMeasuresAreListedAsAnSloWouldNameThem()
    {
        string[] names = ["itl_p50_ms", "itl_p90_ms", "tpot_mean_ms", "energy_per_token_j"];

        MetricCatalogue.DescribeLatencies(names).Should().Be("tpot (mean); itl (p50, p90)");
        MetricCatalogue.DescribeLatencies(["energy_per_token_j"]).Should().Be("none");
    }
}
