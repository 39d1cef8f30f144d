using MLEnergy.Runtime.Prometheus;

namespace MLEnergy.Runtime.Tests.Prometheus;

public sealed class PrometheusPageTests
{
    private const string Page = """
        # HELP vllm:request_success_total Count of successfully processed requests.
        # TYPE vllm:request_success_total counter
        vllm:request_success_total{finished_reason="stop",model_name="Qwen/Qwen3-8B"} 12
        vllm:request_success_total{finished_reason="length",model_name="a \"quoted\", name"} 30
        vllm:num_requests_waiting{model_name="Qwen/Qwen3-8B"} 2.0
        vllm:time_to_first_token_seconds_bucket{le="0.1",model_name="m"} 4
        vllm:time_to_first_token_seconds_bucket{le="+Inf",model_name="m"} 10
        vllm:time_to_first_token_seconds_bucket{le="0.05",model_name="m"} 1
        vllm:time_to_first_token_seconds_count{model_name="m"} 10
        mlenergy_sim_virtual_time_seconds 40.5
        not a sample line
        """;

    [Fact]
    public void SamplesAreSummedOverTheirSeriesWithQuotedLabelsRead()
    {
        var page = PrometheusPage.Parse(Page);

        page.Sum("vllm:request_success_total").Should().Be(42);
        page.Count("vllm:request_success_total").Should().Be(2);
        page.Samples[1].Labels["model_name"].Should().Be("a \"quoted\", name");
        page.Sum("vllm:num_requests_waiting").Should().Be(2);
        page.Sum("mlenergy_sim_virtual_time_seconds").Should().Be(40.5);
        page.Count("vllm:num_requests_running").Should().Be(0);
    }

    [Fact]
    public void AHistogramsBucketsComeInBoundOrderAndItsShareAboveABoundIsCounted()
    {
        var histogram = PrometheusPage.Parse(Page).Histogram("vllm:time_to_first_token_seconds")!;

        histogram.Buckets.Should().Equal((0.05, 1), (0.1, 4), (double.PositiveInfinity, 10));
        histogram.Count.Should().Be(10);
        histogram.ShareAbove(0.1).Should().Be(0.6);
        histogram.ShareAbove(0.01).Should().Be(1);
    }

    [Fact]
    public void AHistogramSinceAnEarlierReadingHoldsOnlyWhatCameBetween()
    {
        var earlier = new PrometheusHistogram([(0.05, 1), (0.1, 4), (double.PositiveInfinity, 10)]);
        var later = new PrometheusHistogram([(0.05, 3), (0.1, 8), (double.PositiveInfinity, 20)]);

        later.Since(earlier)!.Buckets.Should().Equal((0.05, 2), (0.1, 4), (double.PositiveInfinity, 10));
        earlier.Since(later).Should().BeNull("counts that went down mean the server restarted");
    }
}
