using System.Text;
using MLEnergy.Runtime.Load;

namespace MLEnergy.Runtime.Tests.Load;

/// <summary>Single chunks as servers write them (sources named on each case; JSON written with ' for ").</summary>
public sealed class StreamChunkTests
{
    [Fact]
    public void ReasoningTokensInTheUsageDetailsAreAlreadyInTheCompletionTokens()
    {
        // OpenAI's CompletionUsage (openai-python types/completion_usage.py), the details written before the count.
        var chunk = Parse(
            "{'id':'c','object':'chat.completion.chunk','choices':[],'usage':{'prompt_tokens':19,"
                + "'completion_tokens_details':{'reasoning_tokens':448,'audio_tokens':0,"
                + "'accepted_prediction_tokens':0,'rejected_prediction_tokens':0},'completion_tokens':512,"
                + "'total_tokens':531,'prompt_tokens_details':{'cached_tokens':0}}}"
        );

        chunk.CompletionTokens.Should().Be(512);
    }

    [Theory]
    // vLLM's UsageInfo (completion_tokens: int | None, details None) and SGLang's "usage": null on every chunk.
    [InlineData(
        "{'choices':[],'usage':{'prompt_tokens':7,'total_tokens':7,'completion_tokens':null,"
            + "'prompt_tokens_details':null,'completion_tokens_details':null}}"
    )]
    [InlineData("{'choices':[{'index':0,'delta':{'content':'a'},'finish_reason':null}],'usage':null}")]
    public void AUsageOrCountThatIsNullGivesNoCount(string json)
    {
        Parse(json).CompletionTokens.Should().BeNull();
    }

    [Fact]
    public void TheOlderFunctionCallDeltaIsGeneratedText()
    {
        // openai-python types/chat/chat_completion_chunk.py: ChoiceDelta.function_call (name, arguments).
        var text = new StringBuilder();
        var chunk = StreamChunk.Parse(
            Json(
                "{'choices':[{'index':0,'delta':{'role':'assistant','content':null,'function_call':"
                    + "{'name':'get_weather','arguments':'{\\''}},'finish_reason':null}]}"
            ),
            text
        );

        chunk.TextLength.Should().Be("get_weather".Length + 3);
        text.ToString().Should().Be("get_weather{\"");
    }

    private static byte[] Json(string json) => Encoding.UTF8.GetBytes(json.Replace('\'', '"'));

    private static StreamChunk Parse(string json) => StreamChunk.Parse(Json(json));
}
