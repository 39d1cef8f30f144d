using System.Text;
using System.Text.Json;

namespace MLEnergy.Runtime.Load;

/// <summary>
/// Reads one SSE <c>data</c> payload of an OpenAI-style stream without building a DOM: the generated text of every
/// choice (<c>choices[].text</c>, <c>choices[].delta.content</c>, the reasoning that vLLM, SGLang, llama.cpp and
/// Ollama stream as <c>delta.reasoning_content</c> or <c>delta.reasoning</c>, the refusal OpenAI's chunk streams in
/// <c>delta.refusal</c>, and the name and arguments of <c>delta.tool_calls[].function</c> and of the older
/// <c>delta.function_call</c>), whether a choice has a <c>finish_reason</c>, the server's token count
/// (<c>usage.completion_tokens</c>; llama.cpp's <c>timings.predicted_n</c>), and an error: an <c>error</c> member (a
/// string or an object with a <c>message</c>) or a whole payload with <c>"object": "error"</c> (older vLLM). Text
/// that is not valid Unicode (a lone surrogate escape, bytes that are not UTF-8) still counts, kept as U+FFFD. A delta
/// that carries its reasoning twice, as <c>reasoning_content</c> and as <c>reasoning</c> (servers that keep the old
/// name beside the new), counts and keeps it once.
/// </summary>
/// <param name="TextLength">Bytes of generated text as sent (escapes included): zero when none arrived.</param>
internal readonly record struct StreamChunk(int TextLength, int? CompletionTokens, string? Error)
{
    private const int MaxDepth = 8;

    /// <summary>The chunk carries generated text (answer, reasoning, tool call): one token or several.</summary>
    public bool HasText => TextLength > 0;

    /// <summary>A choice carries a <c>finish_reason</c> (TGI's empty string, sent before the end, is none).</summary>
    public bool Finished { get; init; }

    /// <summary>
    /// A choice's <c>finish_reason</c> says the server stopped the generation before its end (one of
    /// <see cref="IsFailedFinish"/>'s reasons): its tokens are not the response the request asked for.
    /// </summary>
    public string? FailedFinish { get; init; }

    /// <summary>llama.cpp's <c>timings.predicted_n</c>: the tokens it generated for this request so far.</summary>
    public int? PredictedTokens { get; init; }

    public static StreamChunk Parse(ReadOnlySpan<byte> json) => Parse(json, null);

    /// <summary>Reads <paramref name="json"/>; the generated text goes to <paramref name="text"/> when given.</summary>
    public static StreamChunk Parse(ReadOnlySpan<byte> json, StringBuilder? text)
    {
        var reader = new Utf8JsonReader(json);
        Span<Field> names = stackalloc Field[MaxDepth + 1];
        var length = 0;
        var finished = false;
        string? failedFinish = null;
        int? predicted = null;
        int? completion = null;
        string? error = null;
        var errorObject = false;
        string? rootMessage = null;
        ReadOnlySpan<byte> reasoning = default;
        try
        {
            while (reader.Read())
            {
                var depth = reader.CurrentDepth;
                if (depth > MaxDepth)
                {
                    continue;
                }

                if (reader.TokenType == JsonTokenType.PropertyName)
                {
                    names[depth] = Name(ref reader);
                    continue;
                }

                if (depth == 0)
                {
                    continue;
                }

                var field = (Top: names[1], Own: names[depth]);
                switch (reader.TokenType)
                {
                    case JsonTokenType.StartObject when depth == 3 && names[1] == Field.Choices:
                        reasoning = default;
                        break;
                    case JsonTokenType.String
                        when depth == 4
                            && names[4] == Field.Reasoning
                            && !reasoning.IsEmpty
                            && reader.ValueSpan.SequenceEqual(reasoning):
                        // The same reasoning under its other name (reasoning_content and reasoning, both sent).
                        break;
                    case JsonTokenType.String when IsGenerated(names, depth):
                        reasoning = depth == 4 && names[4] == Field.Reasoning ? reader.ValueSpan : reasoning;
                        length += reader.ValueSpan.Length;
                        text?.Append(Text(ref reader));
                        break;
                    case JsonTokenType.String when depth == 3 && names[1] == Field.Choices && field.Own == Field.Finish:
                        finished |= reader.ValueSpan.Length > 0;
                        failedFinish = IsFailedFinish(ref reader) ? reader.GetString() : failedFinish;
                        break;
                    case JsonTokenType.String
                        when field.Top == Field.Error && (depth == 1 || field.Own == Field.Message):
                        error = Text(ref reader);
                        break;
                    case JsonTokenType.String
                        when depth == 1 && field.Own == Field.Object && reader.ValueTextEquals("error"u8):
                        errorObject = true;
                        break;
                    case JsonTokenType.String when depth == 1 && field.Own == Field.Message:
                        rootMessage = Text(ref reader);
                        break;
                    case JsonTokenType.StartObject when depth == 1 && field.Own == Field.Error:
                        error ??= "error";
                        break;
                    case JsonTokenType.Number when depth == 2 && field is (Field.Usage, Field.CompletionTokens):
                        completion = reader.TryGetInt32(out var n) ? n : null;
                        break;
                    case JsonTokenType.Number when depth == 2 && field is (Field.Timings, Field.PredictedN):
                        predicted = reader.TryGetInt32(out var p) ? p : null;
                        break;
                }
            }
        }
        catch (JsonException e)
        {
            var head = Encoding.UTF8.GetString(json[..Math.Min(json.Length, 120)]);
            return new StreamChunk(0, null, $"unreadable stream chunk: {e.Message}: {head}");
        }

        return new StreamChunk(length, completion, errorObject ? error ?? rootMessage ?? "error" : error)
        {
            Finished = finished,
            FailedFinish = failedFinish,
            PredictedTokens = predicted,
        };
    }

    /// <summary>
    /// The finish reasons with which engines end a generation they stopped, as a normal chunk of a stream that goes on
    /// to its usage and <c>[DONE]</c>: <c>abort</c> and <c>error</c> (vLLM <c>vllm/v1/engine/__init__.py</c>
    /// <c>FinishReason</c>; SGLang's graceful abort, <c>serving_chat.py</c>; LMDeploy
    /// <c>lmdeploy/serve/openai/protocol.py</c>), <c>timeout</c> and <c>cancelled</c> (TensorRT-LLM
    /// <c>tensorrt_llm/executor/result.py</c> <c>CompletionOutput.finish_reason</c>, passed on by
    /// <c>serve/postprocess_handlers.py</c>). Every other reason (<c>stop</c>, <c>length</c>, <c>tool_calls</c>, TGI's
    /// <c>eos_token</c> and <c>stop_sequence</c>, ...) ends a generation that ran its course.
    /// </summary>
    private static bool IsFailedFinish(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("abort"u8)
        || reader.ValueTextEquals("error"u8)
        || reader.ValueTextEquals("timeout"u8)
        || reader.ValueTextEquals("cancelled"u8);

    private static bool IsGenerated(ReadOnlySpan<Field> names, int depth) =>
        names[1] == Field.Choices
        && (
            (depth == 3 && names[3] == Field.Text)
            || (depth == 4 && names[3] == Field.Delta && names[4] is Field.Content or Field.Reasoning or Field.Refusal)
            || (
                depth == 5
                && names[3] == Field.Delta
                && names[4] == Field.FunctionCall
                && names[5] is Field.Name or Field.Arguments
            )
            || (
                depth == 7
                && names[3] == Field.Delta
                && names[4] == Field.ToolCalls
                && names[6] == Field.Function
                && names[7] is Field.Name or Field.Arguments
            )
        );

    /// <summary>
    /// The string the reader is on. Where it is not valid Unicode (<see cref="Utf8JsonReader.GetString"/> throws),
    /// unescaped bytes are decoded with U+FFFD for each bad sequence, and an escaped string becomes one U+FFFD.
    /// </summary>
    private static string Text(ref Utf8JsonReader reader)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            return reader.ValueIsEscaped ? "\uFFFD" : Encoding.UTF8.GetString(reader.ValueSpan);
        }
    }

    private static Field Name(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("choices"u8) ? Field.Choices
        : reader.ValueTextEquals("text"u8) ? Field.Text
        : reader.ValueTextEquals("delta"u8) ? Field.Delta
        : reader.ValueTextEquals("content"u8) ? Field.Content
        : reader.ValueTextEquals("reasoning_content"u8) || reader.ValueTextEquals("reasoning"u8) ? Field.Reasoning
        : reader.ValueTextEquals("error"u8) ? Field.Error
        : reader.ValueTextEquals("message"u8) ? Field.Message
        : reader.ValueTextEquals("object"u8) ? Field.Object
        : reader.ValueTextEquals("usage"u8) ? Field.Usage
        : reader.ValueTextEquals("completion_tokens"u8) ? Field.CompletionTokens
        : reader.ValueTextEquals("finish_reason"u8) ? Field.Finish
        : reader.ValueTextEquals("refusal"u8) ? Field.Refusal
        : reader.ValueTextEquals("tool_calls"u8) ? Field.ToolCalls
        : reader.ValueTextEquals("function_call"u8) ? Field.FunctionCall
        : reader.ValueTextEquals("function"u8) ? Field.Function
        : reader.ValueTextEquals("name"u8) ? Field.Name
        : reader.ValueTextEquals("arguments"u8) ? Field.Arguments
        : reader.ValueTextEquals("timings"u8) ? Field.Timings
        : reader.ValueTextEquals("predicted_n"u8) ? Field.PredictedN
        : Field.Other;

    private enum Field
    {
        Other,
        Choices,
        Text,
        Delta,
        Content,
        Reasoning,
        Error,
        Message,
        Object,
        Usage,
        CompletionTokens,
        Finish,
        Refusal,
        ToolCalls,
        FunctionCall,
        Function,
        Name,
        Arguments,
        Timings,
        PredictedN,
    }
}
