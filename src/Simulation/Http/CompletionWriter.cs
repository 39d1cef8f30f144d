using System.Text;
using System.Text.Json;
using System.Threading.Channels;
using Microsoft.AspNetCore.Http;

namespace MLEnergy.Simulation.Http;

/// <summary>Writes a simulated completion in OpenAI's shapes: SSE chunks, or one JSON body.</summary>
internal sealed class CompletionWriter(HttpResponse response, string id, string model, bool chat, int promptTokens)
{
    private static readonly string[] Words = [" The", " simulated", " server", " says", " hello", " again", " and", " again", "."];
    private readonly long created = DateTimeOffset.UtcNow.ToUnixTimeSeconds();

    public async Task StreamAsync(ChannelReader<TokenEvent> tokens, CancellationToken cancellationToken)
    {
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        await response.StartAsync(cancellationToken).ConfigureAwait(false);
        await foreach (var token in tokens.ReadAllAsync(cancellationToken).ConfigureAwait(false))
        {
            var chunk = chat
                ? JsonSerializer.Serialize(new { id, @object = "chat.completion.chunk", created, model, choices = new[] { new { index = 0, delta = new { content = Words[token.Index % Words.Length] }, finish_reason = token.Last ? "length" : null } } })
                : JsonSerializer.Serialize(new { id, @object = "text_completion", created, model, choices = new[] { new { index = 0, text = Words[token.Index % Words.Length], finish_reason = token.Last ? "length" : null } } });
            await response.WriteAsync($"data: {chunk}\n\n", cancellationToken).ConfigureAwait(false);
            await response.Body.FlushAsync(cancellationToken).ConfigureAwait(false);
        }

        await response.WriteAsync("data: [DONE]\n\n", cancellationToken).ConfigureAwait(false);
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

        var usage = new { prompt_tokens = promptTokens, completion_tokens = count, total_tokens = promptTokens + count };
        object body = chat
            ? new { id, @object = "chat.completion", created, model, choices = new[] { new { index = 0, message = new { role = "assistant", content = text.ToString() }, finish_reason = "length" } }, usage }
            : new { id, @object = "text_completion", created, model, choices = new[] { new { index = 0, text = text.ToString(), finish_reason = "length" } }, usage };
        await Results.Json(body).ExecuteAsync(response.HttpContext).ConfigureAwait(false);
    }
}
