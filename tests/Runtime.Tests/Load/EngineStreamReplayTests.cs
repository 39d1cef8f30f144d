using MLEnergy.Runtime.Load;
using MLEnergy.Runtime.Tests.Support;

namespace MLEnergy.Runtime.Tests.Load;

/// <summary>
/// Streams as vLLM, SGLang, TGI, llama.cpp and Ollama send them (TestData/Streams, sources in its README), replayed
/// over HTTP on loopback with the k-th event at k × 10 ms: tokens, TTFT, TPOT and failures come out exactly.
/// </summary>
public sealed class EngineStreamReplayTests
{
    [Theory]
    [InlineData("vllm-chat-usage.sse", 8, 20, 90.0 / 7, false)]
    [InlineData("vllm-chat-multitoken-usage.sse", 17, 20, 60.0 / 16, false)]
    [InlineData("vllm-chat-reasoning-usage.sse", 9, 20, 90.0 / 8, false)]
    [InlineData("vllm-completions-nousage.sse", 5, 10, 60.0 / 4, true)]
    [InlineData("sglang-chat-reasoning-usage.sse", 11, 20, 80.0 / 10, false)]
    [InlineData("tgi-chat-usage.sse", 6, 10, 60.0 / 5, false)]
    [InlineData("llamacpp-chat-reasoning-usage.sse", 7, 20, 80.0 / 6, false)]
    [InlineData("ollama-chat-reasoning-nousage.sse", 5, 10, 60.0 / 4, true)]
    [InlineData("ollama-chat-usage.sse", 3, 10, 50.0 / 2, false)]
    [InlineData("wire-cr-comments-multiline.sse", 3, 20, 50.0 / 2, false)]
    public async Task AReplayedEngineStreamGivesTheServersTokenCountAndExactTimes(
        string file,
        int tokens,
        double ttftMs,
        double tpotMs,
        bool estimated
    )
    {
        var record = await ReplayAsync(file);

        record.Error.Should().BeNull();
        record.OutputTokens.Should().Be(tokens);
        record.TokensEstimated.Should().Be(estimated);
        record.TimeToFirstToken!.Value.TotalMilliseconds.Should().BeApproximately(ttftMs, 1e-9);
        record.TimePerOutputToken!.Value.TotalMilliseconds.Should().BeApproximately(tpotMs, 1e-3);
    }

    [Theory]
    [InlineData("vllm-chat-error-midstream.sse", "longer than the maximum model length", 40)]
    [InlineData("sglang-completions-error.sse", "out of KV cache memory", 30)]
    [InlineData("tgi-chat-error.sse", "CUDA out of memory", 30)]
    [InlineData("llamacpp-completions-error-field.sse", "failed to decode the batch", 30)]
    [InlineData("ollama-chat-error.sse", "model runner has unexpectedly stopped", 20)]
    [InlineData("wire-crlf-error-event.sse", "upstream closed", 40)]
    public async Task AnErrorInTheMiddleOfAStreamFailsTheRequestWithTheServersMessage(
        string file,
        string message,
        double atMs
    )
    {
        var record = await ReplayAsync(file);

        record.Succeeded.Should().BeFalse();
        record.Error.Should().StartWith("server error in stream").And.Contain(message);
        record.End.TotalMilliseconds.Should().Be(atMs);
    }

    [Fact]
    public async Task TheTextOfReasoningAndAnswerIsKeptInOrder()
    {
        var record = await ReplayAsync("vllm-chat-reasoning-usage.sse", keepText: true);

        record.Text.Should().Be("Okay, the user asks\n\nHello!");
    }

    private static async Task<Profiler.Latency.RequestRecord> ReplayAsync(string file, bool keepText = false)
    {
        var clock = new SteppedClock();
        var bytes = await File.ReadAllBytesAsync(RepositoryPaths.TestData("Streams", file));
        await using var server = await StreamReplayServer.StartAsync(bytes, clock);
        using var http = OpenAiStreamingClient.CreateHttpClient();
        var endpoint = file.Contains("completions", StringComparison.Ordinal)
            ? OpenAiEndpoint.Completions
            : OpenAiEndpoint.ChatCompletions;
        var options = new OpenAiClientOptions(server.BaseUrl, "Qwen/Qwen3-8B", endpoint) { KeepText = keepText };
        var client = new OpenAiStreamingClient(http, options, clock);
        return await client.SendAsync(new Prompt("hello", 32), clock.GetTimestamp(), CancellationToken.None);
    }
}
