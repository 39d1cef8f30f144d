using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace MLEnergy.Simulation.Http;

/// <summary>
/// Writes a simulated completion in the shapes of vLLM's OpenAI server: SSE chunks (chat streams open with a chunk
/// carrying <c>role</c>; the last token carries <c>finish_reason</c>; a usage chunk with <c>choices: []</c> follows
/// when <c>stream_options.include_usage</c> asked for it, and with <c>continuous_usage_stats</c> as well every chunk
/// carries the usage so far, 0 completion tokens on the role chunk; then <c>[DONE]</c>), or one JSON body.
/// </summary>
internal sealed class CompletionWriter(
    HttpResponse response,
    string id,
    string model,
    bool chat,
    int promptTokens,
    string finishReason,
    long created
)
{
    private static readonly string[] Words =
    [
        " The",
        " simulated",
        " server",
        " says",
        " hello",
        " again",
        " and",
        " again",
        ".",
    ];

    private string ChunkObject => chat ? "chat.completion.chunk" : "text_completion";

    /// <summary>Streams the tokens; false when the client went away first.</summary>
    public async Task<bool> StreamAsync(
        ChannelReader<TokenEvent> tokens,
        bool includeUsage,
        bool continuousUsage,
        CancellationToken cancel
    )
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(cancel).ConfigureAwait(false);
        if (chat)
        {
            var delta = new { role = "assistant", content = string.Empty };
            var first = new
            {
                index = 0,
                delta,
                logprobs = (object?)null,
                finish_reason = (string?)null,
            };
            await SendAsync(Chunk(first, continuousUsage ? 0 : null), cancel).ConfigureAwait(false);
        }

        var count = 0;
        var finished = false;
        await foreach (var token in tokens.ReadAllAsync(cancel).ConfigureAwait(false))
        {
            var word = Words[token.Index % Words.Length];
            var finish = token.Last ? finishReason : null;
            object choice = chat
                ? new
                {
                    index = 0,
                    delta = new { content = word },
                    logprobs = (object?)null,
                    finish_reason = finish,
                }
                : new
                {
                    index = 0,
                    text = word,
                    logprobs = (object?)null,
                    finish_reason = finish,
                };
            count++;
            await SendAsync(Chunk(choice, continuousUsage ? count : null), cancel).ConfigureAwait(false);
            finished |= token.Last;
        }

        if (!finished)
        {
            return false;
        }

        if (includeUsage)
        {
            var last = new
            {
                id,
                @object = ChunkObject,
                created,
                model,
                choices = Array.Empty<object>(),
                usage = Usage(count),
            };
            await SendAsync(last, cancel).ConfigureAwait(false);
        }

        await response.WriteAsync("data: [DONE]\n\n", cancel).ConfigureAwait(false);
        return true;
    }

    public async Task WholeAsync(ChannelReader<TokenEvent> tokens, CancellationToken cancellationToken)
    {
        var text = new StringBuilder();
        var count = 0;
        await foreach (var token in tokens.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            text.Append(Words[token.Index % Words.Length]);
            count++;
        }

        var message = new { role = "assistant", content = text.ToString() };
        object choice = chat
            ? new
            {
                index = 0,
                message,
                finish_reason = finishReason,
            }
            : new
            {
                index = 0,
                text = text.ToString(),
                finish_reason = finishReason,
            };
        var kind = chat ? "chat.completion" : "text_completion";
        var body = new
        {
            id,
            @object = kind,
            created,
            model,
            choices = new[] { choice },
            usage = Usage(count),
        };
        await Results.Json(body).ExecuteAsync(response.HttpContext).ConfigureAwait(false);
    }

    private object Chunk(object choice, int? completionSoFar) =>
        completionSoFar is { } completion
            ? new
            {
                id,
                @object = ChunkObject,
                created,
                model,
                choices = new[] { choice },
                usage = Usage(completion),
            }
            : new
            {
                id,
                @object = ChunkObject,
                created,
                model,
                choices = new[] { choice },
            };

    private object Usage(int completion) =>
        new
        {
            prompt_tokens = promptTokens,
            total_tokens = promptTokens + completion,
            completion_tokens = completion,
        };

    private async Task SendAsync(object chunk, CancellationToken cancellationToken)
    {
        var line = $"data: {JsonSerializer.Serialize(chunk)}\n\n";
        await response.WriteAsync(line, cancellationToken).ConfigureAwait(false);
        await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
    }
}
