using System.Text.Json;

namespace MLEnergy.Simulation.Http;

/// <summary>The parts of an OpenAI completions or chat-completions request the simulator uses.</summary>
internal sealed record OpenAiRequest(string Model, int PromptTokens, int? MaxTokens, bool Stream)
{
    /// <summary>Reads a request body; prompt length is estimated at four characters a token.</summary>
    public static OpenAiRequest Parse(JsonElement body, bool chat)
    {
        var text = chat ? ChatText(body) : PromptText(body);
        int? maxTokens = null;
        foreach (var name in new[] { "max_tokens", "max_completion_tokens" })
        {
            if (body.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var tokens))
            {
                maxTokens = tokens;
            }
        }

        var stream = body.TryGetProperty("stream", out var s) && s.ValueKind == JsonValueKind.True;
        var model = body.TryGetProperty("model", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString()! : string.Empty;
        return new OpenAiRequest(model, Math.Max(1, (text.Length + 3) / 4), maxTokens, stream);
    }

    private static string PromptText(JsonElement body) =>
        body.TryGetProperty("prompt", out var prompt)
            ? prompt.ValueKind == JsonValueKind.Array ? string.Concat(prompt.EnumerateArray().Select(p => p.ToString())) : prompt.ToString()
            : string.Empty;

    private static string ChatText(JsonElement body) =>
        body.TryGetProperty("messages", out var messages) && messages.ValueKind == JsonValueKind.Array
            ? string.Concat(messages.EnumerateArray().Select(m => m.TryGetProperty("content", out var c) ? c.ToString() : string.Empty))
            : string.Empty;
}
