using System.Text.Json;
using MLEnergy.Integration.Tests.Support;

namespace MLEnergy.Integration.Tests.Serving;

/// <summary>
/// <c>mlenergy optimize --target http://127.0.0.1:PORT</c> against a server that answers with each engine's stream
/// (tests/Runtime.Tests/TestData/Streams, where its README gives the sources): tokens per request are the server's
/// count, TTFT is taken at the first generated (answer or reasoning) token, and error streams are failed requests.
/// </summary>
[Collection(ServingGroup.Name)]
public sealed class EngineStreamOptimizeTests
{
    [Theory]
    [InlineData("vllm-chat-usage.sse", 8, 2, false)]
    [InlineData("vllm-chat-multitoken-usage.sse", 17, 2, false)]
    [InlineData("vllm-chat-reasoning-usage.sse", 9, 2, false)]
    [InlineData("vllm-completions-nousage.sse", 5, 1, true)]
    [InlineData("sglang-chat-reasoning-usage.sse", 11, 2, false)]
    [InlineData("tgi-chat-usage.sse", 6, 1, false)]
    [InlineData("llamacpp-chat-reasoning-usage.sse", 7, 2, false)]
    [InlineData("ollama-chat-reasoning-nousage.sse", 5, 1, true)]
    [InlineData("ollama-chat-usage.sse", 3, 1, false)]
    [InlineData("vllm-chat-toolcall-usage.sse", 14, 2, false)]
    [InlineData("llamacpp-chat-timings-nousage.sse", 6, 2, false)]
    [InlineData("ollama-chat-toolcall-usage.sse", 21, 1, false)]
    [InlineData("trtllm-chat-speculative-usage.sse", 12, 2, false)]
    public async Task EveryRequestHasTheServersTokenCountAndItsTtftAtTheFirstGeneratedToken(
        string file,
        int tokens,
        int firstTokenEvent,
        bool estimated
    )
    {
        var trial = await OptimizeAsync(file, firstTokenEvent, expectedExit: 0);

        trial.GetProperty("feasible").GetBoolean().Should().BeTrue(trial.ToString());
        var metrics = trial.GetProperty("metrics");
        double Metric(string name) => metrics.GetProperty(name).GetDouble();
        // Energy per request is energy per token times the mean output length of the requests that completed.
        (Metric("energy_per_request_j") / Metric("energy_per_token_j"))
            .Should()
            .BeApproximately(tokens, 1e-9);
        Metric("output_tokens_estimated_share").Should().Be(estimated ? 1 : 0);
        Metric("requests_failed").Should().Be(0);
        // The first generated token comes one gap after the request, the next two seconds later: a TTFT taken at
        // the role chunk would be a few ms, one taken at a later token at least gap + two seconds (the margins
        // leave room for a busy machine's scheduling, which only delays, and for timers that fire a little early).
        Metric("ttft_p50_ms")
            .Should()
            .BeGreaterThanOrEqualTo(FixtureStreamServer.Gap.TotalMilliseconds / 2)
            .And.BeLessThan((FixtureStreamServer.Gap + (FixtureStreamServer.LaterGap * 0.9)).TotalMilliseconds);
        trial.GetProperty("gatesSkipped").EnumerateArray().Select(g => g.GetString()).Should().Contain("temperature");
    }

    [Theory]
    [InlineData("vllm-chat-error-midstream.sse", "longer than the maximum model length")]
    [InlineData("sglang-completions-error.sse", "out of KV cache memory")]
    [InlineData("tgi-chat-error.sse", "CUDA out of memory")]
    [InlineData("llamacpp-completions-error-field.sse", "failed to decode the batch")]
    [InlineData("ollama-chat-error.sse", "model runner has unexpectedly stopped")]
    public async Task AnErrorStreamIsAFailedRequestWithTheServersMessage(string file, string message)
    {
        var trial = await OptimizeAsync(file, firstTokenEvent: 0, expectedExit: 3);

        trial.GetProperty("feasible").GetBoolean().Should().BeFalse();
        trial
            .GetProperty("reason")
            .GetString()
            .Should()
            .StartWith("no request succeeded in the window;")
            .And.Contain("failed, first: server error in stream")
            .And.Contain(message);
    }

    private static async Task<JsonElement> OptimizeAsync(string file, int firstTokenEvent, int expectedExit)
    {
        using var temp = new TempDirectory();
        var stream = await File.ReadAllBytesAsync(
            Path.Combine(Conventions.SourceTree.Root, "tests", "Runtime.Tests", "TestData", "Streams", file)
        );
        await using var server = await FixtureStreamServer.StartAsync(stream, firstTokenEvent);
        var endpoint = file.Contains("completions", StringComparison.Ordinal) ? "completions" : "chat";
        var space = temp.File("space.yaml");
        await File.WriteAllTextAsync(
            space,
            $"""
            name: test-engine-stream
            model: Qwen/Qwen3-8B
            load: concurrency:4
            knobs:
              - name: max_num_seqs
                kind: server_batch_size
                values: [64]
            server:
              endpoint: {endpoint}
              energy_metric: {FixtureStreamServer.EnergyMetric}
            trial:
              warmup: 1s
              window: 8s
              max_window: 8s
              min_window: 1s
              drain: 4s
              input_tokens: {"{"} min: 16, max: 64 {"}"}
              output_tokens: {"{"} min: 8, max: 24 {"}"}
            """
        );
        var output = temp.File("run");

        var run = await CliRun.RunAsync(
            "optimize",
            "--slo",
            "mean tpot<=10s",
            "--budget",
            "1",
            "--target",
            server.BaseUrl.ToString(),
            "--space",
            space,
            "--state-dir",
            temp.File("state"),
            "--out",
            output,
            "--json"
        );

        run.ExitCode.Should().Be(expectedExit, run.Out + run.Error);
        using var result = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "result.json")));
        return result.RootElement.GetProperty("trials").EnumerateArray().Single().Clone();
    }
}
