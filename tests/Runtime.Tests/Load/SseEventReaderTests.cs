using System.Text;
using MLEnergy.Runtime.Load;

namespace MLEnergy.Runtime.Tests.Load;

public sealed class SseEventReaderTests
{
    [Theory]
    [InlineData("\n")]
    [InlineData("\r\n")]
    [InlineData("\r")]
    public async Task EveryLineEndingTheStandardAllowsEndsLinesAndEvents(string end)
    {
        var events = await ReadAllAsync($"data: a{end}{end}: comment{end}id: 7{end}data:b{end}data:  c{end}{end}", 1);

        events.Should().Equal(("message", "a"), ("message", "b\n c"));
    }

    [Fact]
    public async Task ACrLfSplitAcrossTwoReadsIsOneLineEnd()
    {
        var events = await ReadAllAsync("data: x\r\n\r\ndata: y\r\n\r\n", 8);

        events.Should().Equal(("message", "x"), ("message", "y"));
    }

    [Fact]
    public async Task EventFieldsNameTheTypeAndLlamaCppsErrorFieldIsAnErrorEvent()
    {
        var stream = "\uFEFFevent: error\ndata: {}\n\nerror: {\"message\":\"m\"}\n\nevent: ping\n\n";
        var events = await ReadAllAsync(stream, 3);

        events.Should().Equal(("error", "{}"), ("error", "{\"message\":\"m\"}"));
    }

    [Fact]
    public async Task AnErrorEventWithNoDataCarriesItsCommentsAsItsDataAndOtherEventsWithoutDataAreDropped()
    {
        var stream = "event: error\n: worker lost\n:  twice\n\n: ping\n\nevent: ping\n: x\n\nevent: error\n\n";
        var events = await ReadAllAsync(stream, 5);

        events.Should().Equal(("error", "worker lost\n twice"), ("error", ""));
    }

    [Fact]
    public async Task AnErrorEventKeepsAtMostTheFirstCommentBytes()
    {
        var comment = new string('c', SseEventReader.MaxCommentBytes * 2);
        var events = await ReadAllAsync($": {comment}\nevent: error\n: late\n\n", 4096);

        events.Should().Equal(("error", new string('c', SseEventReader.MaxCommentBytes - 1)));
    }

    [Fact]
    public async Task AnUnfinishedEventAtTheEndOfTheStreamIsDropped()
    {
        var events = await ReadAllAsync("data: whole\n\ndata: cut", 4);

        events.Should().Equal(("message", "whole"));
    }

    [Fact]
    public void AChunkCountsReasoningAndAnswerTextAndReadsUsage()
    {
        var text = new StringBuilder();
        var chunk = StreamChunk.Parse(
            """{"choices":[{"index":0,"delta":{"reasoning":"ab","content":"c"}}],"usage":{"completion_tokens":9}}"""u8,
            text
        );

        chunk.TextLength.Should().Be(3);
        chunk.CompletionTokens.Should().Be(9);
        chunk.Error.Should().BeNull();
        text.ToString().Should().Be("abc");
    }

    [Theory]
    [InlineData("""{"error":{"message":"boom","code":500}}""", "boom")]
    [InlineData("""{"error":"boom","error_type":"generation"}""", "boom")]
    [InlineData("""{"message":"boom","object":"error","code":400}""", "boom")]
    [InlineData("""{"choices":[{"text":"x"}],"error":{"code":1}}""", "error")]
    public void AnErrorObjectInAChunkIsAnError(string json, string message)
    {
        StreamChunk.Parse(Encoding.UTF8.GetBytes(json)).Error.Should().Be(message);
    }

    [Fact]
    public void NullErrorsAndUsageAreNoErrorAndNoCount()
    {
        var chunk = StreamChunk.Parse("""{"choices":[{"delta":{"content":null}}],"usage":null,"error":null}"""u8);

        chunk.Should().Be(new StreamChunk(0, null, null));
        chunk.Finished.Should().BeFalse();
    }

    [Fact]
    public async Task AMultiByteCharacterSplitAcrossReadsArrivesWhole()
    {
        var events = await ReadAllAsync("data: {\"text\":\" \u00e9t\u00e9 \ud83d\ude00\"}\n\n", 1);

        events.Should().Equal(("message", "{\"text\":\" \u00e9t\u00e9 \ud83d\ude00\"}"));
    }

    [Fact]
    public async Task ALongLineIsReadWholeAndALineOverTheLimitIsAnError()
    {
        var payload = new string('x', 300_000);
        var events = await ReadAllAsync($"data: {payload}\n\ndata: y\n\n", 4096);

        events.Should().Equal(("message", payload), ("message", "y"));
        var reader = new SseEventReader(
            new TrickleStream(Encoding.UTF8.GetBytes($"data: {payload}"), 4096),
            maxLineBytes: 100_000
        );
        var read = async () => await reader.ReadAsync(CancellationToken.None);
        (await read.Should().ThrowAsync<InvalidDataException>()).WithMessage(
            "a line of the event stream is longer than 100000 bytes"
        );
    }

    [Theory]
    // A JSON string may escape a lone UTF-16 surrogate (Python's json.dumps writes one for a str that holds it).
    [InlineData("""{"choices":[{"index":0,"text":"\ud83d"}]}""")]
    [InlineData("""{"choices":[{"index":0,"delta":{"content":"a\udc00b"}}]}""")]
    public void TextThatIsNotValidUnicodeStillCountsAndIsKeptReplaced(string json)
    {
        var text = new StringBuilder();
        var chunk = StreamChunk.Parse(Encoding.UTF8.GetBytes(json), text);

        chunk.HasText.Should().BeTrue();
        chunk.Error.Should().BeNull();
        text.ToString().Should().Contain("\uFFFD");
    }

    [Fact]
    public void RawBytesThatAreNotUtf8StillCountAsText()
    {
        var text = new StringBuilder();
        byte[] json = [.. """{"choices":[{"text":"a"""u8, 0xFF, 0xC3, .. "\"}]}"u8];

        var chunk = StreamChunk.Parse(json, text);

        chunk.HasText.Should().BeTrue();
        chunk.Error.Should().BeNull();
        text.ToString().Should().StartWith("a").And.Contain("\uFFFD");
    }

    [Fact]
    public void ReasoningSentUnderBothNamesIsKeptOnce()
    {
        // mlx-vlm's server (Blaizzy/mlx-vlm PR 1411) streams reasoning_content with reasoning kept as an alias.
        var text = new StringBuilder();
        var chunk = StreamChunk.Parse(
            """{"choices":[{"index":0,"delta":{"reasoning_content":"Hm","reasoning":"Hm"}}]}"""u8,
            text
        );

        chunk.TextLength.Should().Be(2);
        text.ToString().Should().Be("Hm");
        var two = new StringBuilder();
        StreamChunk.Parse(
            """{"choices":[{"index":0,"delta":{"reasoning":"a"}},{"index":1,"delta":{"reasoning":"a"}}]}"""u8,
            two
        );
        two.ToString().Should().Be("aa", "each choice's delta is its own");
    }

    [Fact]
    public void AnErrorMessageThatIsNotValidUnicodeIsStillTheError()
    {
        StreamChunk.Parse("""{"error":{"message":"bad \ud800 text"}}"""u8).Error.Should().Be("\uFFFD");
    }

    [Fact]
    public void ToolCallNamesAndArgumentsAreGeneratedTextButTheirIdsAreNot()
    {
        var call = """{"id":"call_1","type":"function","index":0,"function":{"name":"f","arguments":"{}"}}""";
        var chunk = StreamChunk.Parse(
            Encoding.UTF8.GetBytes("""{"choices":[{"delta":{"tool_calls":[""" + call + "]}}]}")
        );

        chunk.TextLength.Should().Be(3);
    }

    [Theory]
    [InlineData("""{"choices":[{"index":0,"text":"x","finish_reason":""}]}""", false)]
    [InlineData("""{"choices":[{"index":0,"text":"x","finish_reason":null}]}""", false)]
    [InlineData("""{"choices":[{"index":0,"delta":{},"finish_reason":"stop"}]}""", true)]
    [InlineData(
        """{"choices":[{"index":0,"text":"","finish_reason":"eos_token"}],"usage":{"completion_tokens":4}}""",
        true
    )]
    public void AFinishReasonEndsTheGeneration(string json, bool finished)
    {
        StreamChunk.Parse(Encoding.UTF8.GetBytes(json)).Finished.Should().Be(finished);
    }

    [Theory]
    [InlineData("abort", true)]
    [InlineData("error", true)]
    [InlineData("timeout", true)]
    [InlineData("cancelled", true)]
    [InlineData("stop", false)]
    [InlineData("length", false)]
    [InlineData("tool_calls", false)]
    [InlineData("eos_token", false)]
    [InlineData("stop_sequence", false)]
    public void OnlyAFinishReasonByWhichTheServerStoppedTheGenerationFailsIt(string reason, bool failed)
    {
        var chunk = StreamChunk.Parse(
            Encoding.UTF8.GetBytes($$"""{"choices":[{"index":0,"delta":{},"finish_reason":"{{reason}}"}]}""")
        );

        chunk.Finished.Should().BeTrue();
        chunk.FailedFinish.Should().Be(failed ? reason : null);
    }

    [Fact]
    public void LlamaCppsTimingsGiveTheServersTokenCount()
    {
        var chunk = StreamChunk.Parse(
            """{"choices":[{"finish_reason":"stop","delta":{}}],"timings":{"prompt_n":12,"predicted_n":6}}"""u8
        );

        chunk.PredictedTokens.Should().Be(6);
        chunk.CompletionTokens.Should().BeNull();
    }

    private static async Task<List<(string, string)>> ReadAllAsync(string text, int readSize)
    {
        var reader = new SseEventReader(new TrickleStream(Encoding.UTF8.GetBytes(text), readSize));
        var events = new List<(string, string)>();
        while (await reader.ReadAsync(CancellationToken.None) is { } e)
        {
            events.Add((e.Type, Encoding.UTF8.GetString(e.Data.Span)));
        }

        return events;
    }

    /// <summary>Hands out at most a few bytes a read, as a network might.</summary>
    private sealed class TrickleStream(byte[] bytes, int size) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            base.ReadAsync(buffer[..Math.Min(size, buffer.Length)], cancellationToken);
    }
}
