using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Runtime.Trials;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Tests.Trials;

public sealed class ObservationBuilderTests
{
    private static readonly Configuration Config = Configuration.Of(("max_num_seqs", "64"));

    [Fact]
    public void AWindowGivesEnergyPowerAndCountedThroughputOfTheServingGpus()
    {
        // 1200 J over 2 s on 4 GPUs, 3000 tokens streamed, three requests of 100, 200 and 300 output tokens.
        var metrics = new ObservationBuilder()
            .Window(Energy.FromJoules(1200), 4, TimeSpan.FromSeconds(2), 3000, [100, 200, 300])
            .Metrics;

        metrics["energy_per_token_j"].Should().BeApproximately(0.4, 1e-12);
        metrics["energy_per_request_j"].Should().BeApproximately(0.4 * 200, 1e-9, "per token times mean output");
        metrics["avg_power_w"].Should().BeApproximately(600, 1e-9);
        metrics["avg_power_per_gpu_w"].Should().BeApproximately(150, 1e-9);
        metrics["throughput_tokens_per_s"].Should().BeApproximately(1500, 1e-9);
        metrics["throughput_requests_per_s"].Should().BeApproximately(1.5, 1e-9);
        metrics["requests"].Should().Be(3);
    }

    [Fact]
    public void AValueThatIsNotAFiniteNumberIsNoMetric()
    {
        // A published batch latency of 1e306 s scaled to ms is infinity: it reached result.json's writer, and a grid
        // over a text-to-image replay ended in "internal error (ArgumentException): ... infinity cannot be written".
        var metrics = new ObservationBuilder()
            .Set(MetricCatalogue.BatchLatency.Of(Statistic.Mean), 1e306 * 1000)
            .Set(MetricCatalogue.EnergyPerImage, double.NegativeInfinity)
            .Set(MetricCatalogue.EnergyPerToken, double.NaN)
            .Set(MetricCatalogue.AveragePower, 530.5)
            .Metrics;

        metrics.Keys.Should().Equal("avg_power_w");
    }

    [Fact]
    public void APublishedRowWhoseScaledValueOverflowsKeepsItsOtherMetrics()
    {
        const string json = """
            {"task": "text-to-image", "configurations": [{"model_id": "m", "gpu_model": "B200", "num_gpus": 1,
            "batch_size": 1, "ulysses_degree": 1, "ring_degree": 1, "batch_latency_s": 1e306,
            "energy_per_image_joules": 342.0, "avg_power_watts": 530.5}]}
            """;

        var row = MLEnergy.Runtime.Replay.V3TaskFileParser.Parse(json, "t2i.json").Rows.Single();

        row.Metrics.Should().NotContainKey("latency_mean_ms");
        row.Metrics["energy_per_image_j"].Should().Be(342.0);
    }

    [Fact]
    public void LatenciesGetTheMeanAndEveryNearestRankPercentileOfTheCatalogue()
    {
        var metrics = new ObservationBuilder()
            .Latencies(MetricCatalogue.Ttft, Enumerable.Range(1, 1000).Select(i => (double)i))
            .Metrics;

        metrics
            .Keys.Should()
            .BeEquivalentTo("ttft_mean_ms", "ttft_p50_ms", "ttft_p90_ms", "ttft_p95_ms", "ttft_p99_ms", "ttft_p999_ms");
        metrics["ttft_mean_ms"].Should().BeApproximately(500.5, 1e-9);
        metrics["ttft_p999_ms"].Should().Be(999);
        metrics["ttft_p99_ms"].Should().Be(990);
    }

    [Fact]
    public void APublishedSummaryGoesInValueByValueAndAPowerWithoutAGpuCountHasNoPerGpuValue()
    {
        var observation = new ObservationBuilder()
            .Set(MetricCatalogue.Itl.Of(Recommender.Metrics.Statistic.P50), 47.2)
            .Power(Power.FromWatts(616), gpus: 0)
            .Build(Config);

        observation.Metrics.Should().HaveCount(2);
        observation.Metric("itl_p50_ms").Should().Be(47.2);
        observation.Metric("avg_power_w").Should().Be(616);
    }

    [Fact]
    public void EveryMetricAStreamedTrialCanReportIsInTheCatalogue()
    {
        ObservationBuilder.StreamedLlmMetrics.Should().OnlyContain(name => MetricCatalogue.Contains(name));
        ObservationBuilder.StreamedLlmMetrics.Should().Contain(["avg_power_w", "avg_power_per_gpu_w", "itl_p999_ms"]);
        ObservationBuilder
            .StreamedLlmMetrics.Should()
            .NotContain("latency_p99_ms", "a streaming client has no batch latency");
    }
}
