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
    [InlineData("vllm-chat-toolcall-usage.sse", 14, 20, 50.0 / 13, false)]
    [InlineData("vllm-chat-continuous-usage.sse", 9, 20, 40.0 / 8, false)]
    [InlineData("vllm-chat-think-in-content.sse", 6, 20, 70.0 / 5, false)]
    [InlineData("llamacpp-chat-timings-nousage.sse", 6, 20, 50.0 / 5, false)]
    [InlineData("ollama-chat-toolcall-usage.sse", 21, 10, 30.0 / 20, false)]
    [InlineData("tgi-completions-usage.sse", 4, 10, 40.0 / 3, false)]
    [InlineData("wire-completions-split-surrogate.sse", 3, 10, 30.0 / 2, true)]
    [InlineData("trtllm-chat-speculative-usage.sse", 12, 20, 50.0 / 11, false)]
    [InlineData("wire-chat-empty-data-keepalive.sse", 2, 30, 60.0 / 1, false)]
    [InlineData("openai-chat-refusal-usage.sse", 9, 20, 70.0 / 8, false)]
    [InlineData("vllm-chat-logprobs-usage.sse", 4, 20, 50.0 / 3, false)]
    [InlineData("litellm-completions-zero-usage.sse", 4, 10, 50.0 / 3, true)]
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
    [InlineData("litellm-chat-error-midstream.sse", "peer closed connection", 30)]
    [InlineData("dynamo-chat-error-comment.sse", "Stream ended before generation completed", 40)]
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
        record.OutputTokens.Should().Be(0);
        record.TimeToFirstToken.Should().BeNull();
        record.InterTokenLatencies().Should().BeEmpty();
    }

    [Theory]
    [InlineData("vllm-chat-toolcall-usage.sse", 3)]
    [InlineData("vllm-chat-continuous-usage.sse", 2)]
    [InlineData("vllm-chat-think-in-content.sse", 5)]
    [InlineData("llamacpp-chat-timings-nousage.sse", 3)]
    [InlineData("ollama-chat-toolcall-usage.sse", 0)]
    [InlineData("tgi-completions-usage.sse", 2)]
    [InlineData("vllm-completions-nousage.sse", 4)]
    [InlineData("trtllm-chat-speculative-usage.sse", 2)]
    [InlineData("vllm-chat-logprobs-usage.sse", 2)]
    public async Task OnlyChunksWithGeneratedTextMakeInterTokenGaps(string file, int gaps)
    {
        var record = await ReplayAsync(file);

        record.Gaps.Should().HaveCount(gaps);
        record.Gaps.Should().NotContain(g => g != TimeSpan.FromMilliseconds(10) && g != TimeSpan.FromMilliseconds(20));
    }

    [Theory]
    [InlineData("vllm-chat-multitoken-usage.sse", 4, 12)]
    [InlineData("trtllm-chat-speculative-usage.sse", 2, 9)]
    [InlineData("vllm-chat-toolcall-usage.sse", 3, 10)]
    [InlineData("vllm-chat-logprobs-usage.sse", 2, 1)]
    [InlineData("wire-chat-empty-data-keepalive.sse", 1, 0)]
    [InlineData("vllm-chat-continuous-usage.sse", 2, 6)]
    [InlineData("vllm-completions-nousage.sse", 4, 0)]
    public async Task EveryFurtherTokenOfAChunkIsAnInterTokenGapOfZero(string file, int gaps, int zeros)
    {
        var record = await ReplayAsync(file);

        var itl = record.InterTokenLatencies().ToList();
        itl.Should().HaveCount(record.OutputTokens - 1);
        itl.Where(g => g > TimeSpan.Zero).Should().HaveCount(gaps).And.Equal(record.Gaps);
        itl.Count(g => g == TimeSpan.Zero).Should().Be(zeros);
    }

    [Fact]
    public async Task AnErrorEventWhoseMessageIsInACommentFailsTheRequestThoughDoneFollows()
    {
        var record = await ReplayAsync("dynamo-chat-error-comment.sse");

        record.Error.Should().Be("server error in stream: Stream ended before generation completed");
    }

    [Fact]
    public async Task AStreamThatEndsWithoutAFinishReasonOrDoneIsAFailedRequest()
    {
        var record = await ReplayAsync("vllm-completions-cut.sse");

        record.Succeeded.Should().BeFalse();
        record.Error.Should().Be("the stream ended early: no finish_reason and no [DONE] after 3 chunks with text");
        record.End.TotalMilliseconds.Should().Be(30);
    }

    [Theory]
    [InlineData("sglang-chat-abort-usage.sse", "abort")]
    [InlineData("trtllm-chat-timeout-usage.sse", "timeout")]
    public async Task AGenerationTheServerStoppedBeforeItsEndIsAFailedRequest(string file, string reason)
    {
        var record = await ReplayAsync(file);

        record.Succeeded.Should().BeFalse();
        record.Error.Should().Be($"the server cut the generation off: finish_reason {reason} after 3 chunks with text");
        record.End.TotalMilliseconds.Should().Be(40);
        record.OutputTokens.Should().Be(0);
    }

    [Fact]
    public async Task ToolCallArgumentsAreGeneratedText()
    {
        var record = await ReplayAsync("vllm-chat-toolcall-usage.sse", keepText: true);

        record.Text.Should().Be("get_weather{\"city\": \"Paris\"}");
    }

    [Fact]
    public async Task TextThatIsNotValidUnicodeIsKeptAsReplacementCharacters()
    {
        var record = await ReplayAsync("wire-completions-split-surrogate.sse", keepText: true);

        record.Text.Should().Be("Smile \uFFFD\uFFFD");
    }

    [Theory]
    [InlineData("openai-chat-refusal-usage.sse", "I'm sorry, I can't help with that.")]
    [InlineData("vllm-chat-logprobs-usage.sse", " Sure\U0001F642.")]
    public async Task ARefusalIsGeneratedTextAndLogprobsAreNot(string file, string text)
    {
        var record = await ReplayAsync(file, keepText: true);

        record.Text.Should().Be(text);
    }

    [Fact]
    public async Task TheTextOfReasoningAndAnswerIsKeptInOrder()
    {
        var record = await ReplayAsync("vllm-chat-reasoning-usage.sse", keepText: true);

        record.Text.Should().Be("Okay, the user asks\n\nHello!");
    }

    [Theory]
    [InlineData("vllm-chat-multitoken-usage.sse", "gzip")]
    [InlineData("sglang-chat-reasoning-usage.sse", "br")]
    [InlineData("vllm-chat-error-midstream.sse", "gzip")]
    public async Task AStreamAGatewayCompressedAnywayReadsAsTheSameStream(string file, string coding)
    {
        var plain = await ReplayAsync(file, keepText: true);

        var compressed = await ReplayAsync(file, keepText: true, contentEncoding: coding);

        compressed.Should().BeEquivalentTo(plain);
    }

    [Fact]
    public async Task AContentCodingTheClientCannotReadFailsTheRequestThatSaysSo()
    {
        var record = await ReplayAsync("vllm-chat-usage.sse", contentEncoding: "zstd");

        record.Error.Should().Be("unreadable stream: the body is in a content coding this client cannot read: zstd");
    }

    [Fact]
    public async Task AWebPageAnsweredWithStatus200IsAFailedRequestThatQuotesItsTextWithoutMarkup()
    {
        var record = await ReplayAsync("proxy-sign-in-page.html", contentType: "text/html");

        record.Succeeded.Should().BeFalse();
        record
            .Error.Should()
            .Be(
                "the server answered without streaming (text/html): Sign in Sign in to continue You are being "
                    + "redirected to your organisation's sign-in page."
            );
    }

    [Theory]
    [InlineData("vllm-chat-nostream.json", "the server answered without streaming (application/json): {\"id\"")]
    [InlineData("vllm-chat-error.json", "server error: This model's maximum context length is 40960 tokens")]
    public async Task AnAnswerThatIsNotAStreamIsAFailedRequestThatSaysSo(string file, string message)
    {
        var record = await ReplayAsync(file, contentType: "application/json");

        record.Succeeded.Should().BeFalse();
        record.Error.Should().StartWith(message);
    }

    private static async Task<Profiler.Latency.RequestRecord> ReplayAsync(
        string file,
        bool keepText = false,
        string contentType = "text/event-stream",
        string? contentEncoding = null
    )
    {
        var clock = new SteppedClock();
        var bytes = await File.ReadAllBytesAsync(RepositoryPaths.TestData("Streams", file));
        await using var server = await StreamReplayServer.StartAsync(bytes, clock, contentType, contentEncoding);
        using var http = OpenAiStreamingClient.CreateHttpClient();
        var endpoint = file.Contains("completions", StringComparison.Ordinal)
            ? OpenAiEndpoint.Completions
            : OpenAiEndpoint.ChatCompletions;
        var options = new OpenAiClientOptions(server.BaseUrl, "Qwen/Qwen3-8B", endpoint) { KeepText = keepText };
        var client = new OpenAiStreamingClient(http, options, clock);
        return await client.SendAsync(new Prompt("hello", 32), clock.GetTimestamp(), CancellationToken.None);
    }
}
