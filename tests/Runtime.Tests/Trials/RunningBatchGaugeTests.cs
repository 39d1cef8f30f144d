using System.Net;
using System.Text;
using MLEnergy.Runtime.Trials;

namespace MLEnergy.Runtime.Tests.Trials;

public sealed class RunningBatchGaugeTests
{
    [Fact]
    public async Task TheGaugeAveragesRunningAndWaitingOverItsSeries()
    {
        // Two engines (data parallel), each with its own series: 40 + 24 running, 10 + 2 waiting.
        var page = """
            vllm:num_requests_running{engine="0",model_name="m"} 40
            vllm:num_requests_running{engine="1",model_name="m"} 24
            vllm:num_requests_waiting{engine="0",model_name="m"} 10
            vllm:num_requests_waiting{engine="1",model_name="m"} 2
            """;

        var batch = await Sample(page);

        batch.Should().Be(new ServerBatch(64, 12, 64));
    }

    [Fact]
    public async Task TheKvCacheGaugeIsTheMeanShareOverItsSeries()
    {
        // vLLM 0.10 and later: a share from 0 to 1 despite "perc"; two engines, 0.9 and 0.7 of their caches.
        var page = """
            vllm:num_requests_running{engine="0",model_name="m"} 40
            vllm:num_requests_running{engine="1",model_name="m"} 24
            vllm:kv_cache_usage_perc{engine="0",model_name="m"} 0.9
            vllm:kv_cache_usage_perc{engine="1",model_name="m"} 0.7
            """;

        var batch = await Sample(page);

        batch!.Value.KvShare.Should().BeApproximately(0.8, 1e-12);
    }

    [Fact]
    public async Task AnOlderServersCacheGaugeIsReadUnderItsOldName()
    {
        var batch = await Sample("vllm:num_requests_running 7\nvllm:gpu_cache_usage_perc 0.95\n");

        batch.Should().Be(new ServerBatch(7, null, 7, 0.95));
    }

    [Fact]
    public async Task AServerWithoutTheWaitingGaugeGivesTheRunningBatchAlone()
    {
        var batch = await Sample("vllm:num_requests_running 7\n");

        batch.Should().Be(new ServerBatch(7, null, 7));
    }

    [Fact]
    public async Task AServerWithoutTheRunningGaugeGivesNone()
    {
        var batch = await Sample("other_metric 1\n");

        batch.Should().BeNull();
    }

    private static async Task<ServerBatch?> Sample(string page)
    {
        using var stop = new CancellationTokenSource();
        using var http = new HttpClient(new Page(page, afterFirst: stop));
        return await new RunningBatchGauge(
            http,
            new Uri("http://127.0.0.1:1/metrics"),
            TimeProvider.System
        ).SampleAsync(stop.Token);
    }

    /// <summary>Serves one metrics page; asks the gauge to stop when it comes for a second reading.</summary>
    private sealed class Page(string text, CancellationTokenSource afterFirst) : HttpMessageHandler
    {
        private int reads;

        protected override Task<HttpResponseMessage> SendAsync(
            HttpRequestMessage request,
            CancellationToken cancellationToken
        )
        {
            if (++reads > 1)
            {
                afterFirst.Cancel();
                cancellationToken.ThrowIfCancellationRequested();
            }

            return Task.FromResult(
                new HttpResponseMessage(HttpStatusCode.OK) { Content = new StringContent(text, Encoding.UTF8) }
            );
        }
    }
}
