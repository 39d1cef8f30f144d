using System.Text.Json;

namespace MLEnergy.Simulation.Http;

/// <summary>
/// The parts of an OpenAI completions or chat-completions request the simulator uses, checked as vLLM checks them:
/// a JSON object, a prompt (string, strings or token ids) or non-empty messages, integer <c>max_tokens</c> of at
/// least 1, booleans and numbers where the API has them, and <c>stream_options</c> only with <c>stream</c>.
/// </summary>
internal sealed record OpenAiRequest(string Model, int PromptTokens, int? MaxTokens, bool Stream)
{
    public bool IncludeUsage { get; init; }

    /// <summary>
    /// Usage on every chunk, counted so far (<c>stream_options.continuous_usage_stats</c>; vLLM reads it only with
    /// <c>include_usage</c>).
    /// </summary>
    public bool ContinuousUsage { get; init; }

    /// <summary>Keep generating to <c>max_tokens</c> (vLLM's <c>ignore_eos</c>).</summary>
    public bool IgnoreEos { get; init; }

    /// <summary>Reads a request body; prompt length is estimated at four characters a token.</summary>
    /// <exception cref="InvalidRequestException">The body breaks the API's schema.</exception>
    public static OpenAiRequest Parse(JsonElement body, bool chat)
    {
        if (body.ValueKind != JsonValueKind.Object)
        {
            throw new InvalidRequestException($"the request body must be a JSON object, not {Kind(body)}");
        }

        var promptTokens = chat ? ChatTokens(body) : PromptTokensOf(body);
        int? maxTokens = null;
        foreach (var name in new[] { "max_tokens", "max_completion_tokens" })
        {
            if (Optional(body, name, JsonValueKind.Number) is not { } value)
            {
                continue;
            }

            if (!value.TryGetInt64(out var tokens))
            {
                throw new InvalidRequestException($"{name} must be an integer", name);
            }

            if (tokens < 1)
            {
                throw new InvalidRequestException($"{name} must be at least 1, got {tokens}", name);
            }

            maxTokens = (int)Math.Min(tokens, int.MaxValue);
        }

        var stream = Optional(body, "stream", JsonValueKind.True, JsonValueKind.False)?.ValueKind == JsonValueKind.True;
        var options = Optional(body, "stream_options", JsonValueKind.Object);
        if (options is not null && !stream)
        {
            throw new InvalidRequestException(
                "Stream options can only be defined when `stream=True`.",
                "stream_options"
            );
        }

        var usage =
            options is { } o
            && Optional(o, "include_usage", JsonValueKind.True, JsonValueKind.False) is { } u
            && u.ValueKind == JsonValueKind.True;
        var continuous =
            options is { } so
            && Optional(so, "continuous_usage_stats", JsonValueKind.True, JsonValueKind.False) is { } c
            && c.ValueKind == JsonValueKind.True;
        var temperature = Optional(body, "temperature", JsonValueKind.Number);
        if (temperature is { } t && t.GetDouble() < 0)
        {
            throw new InvalidRequestException("temperature must be non-negative", "temperature");
        }

        Optional(body, "top_p", JsonValueKind.Number);
        var ignoreEos =
            Optional(body, "ignore_eos", JsonValueKind.True, JsonValueKind.False)?.ValueKind == JsonValueKind.True;
        var model = Optional(body, "model", JsonValueKind.String)?.GetString() ?? string.Empty;
        return new OpenAiRequest(model, promptTokens, maxTokens, stream)
        {
            IncludeUsage = usage,
            ContinuousUsage = usage && continuous,
            IgnoreEos = ignoreEos,
        };
    }

    /// <summary>The member when present and not null, checked to be of one of <paramref name="kinds"/>.</summary>
    private static JsonElement? Optional(JsonElement body, string name, params JsonValueKind[] kinds)
    {
        if (!body.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        var allowed = string.Join(" or ", kinds.Select(Name).Distinct());
        return kinds.Contains(value.ValueKind)
            ? value
            : throw new InvalidRequestException($"{name} must be {allowed}, not {Kind(value)}", name);
    }

    private static int PromptTokensOf(JsonElement body)
    {
        if (!body.TryGetProperty("prompt", out var prompt) || prompt.ValueKind == JsonValueKind.Null)
        {
            throw new InvalidRequestException("prompt is required", "prompt");
        }

        bool All(JsonValueKind kind) =>
            prompt.GetArrayLength() > 0 && prompt.EnumerateArray().All(p => p.ValueKind == kind);
        return prompt.ValueKind switch
        {
            JsonValueKind.String => Tokens(prompt.GetString()!.Length),
            JsonValueKind.Array when All(JsonValueKind.String) => Tokens(
                prompt.EnumerateArray().Sum(p => p.GetString()!.Length)
            ),
            JsonValueKind.Array when All(JsonValueKind.Number) => prompt.GetArrayLength(),
            _ => throw new InvalidRequestException(
                "prompt must be a string, a list of strings or a list of token ids",
                "prompt"
            ),
        };
    }

    private static int ChatTokens(JsonElement body)
    {
        if (
            !body.TryGetProperty("messages", out var messages)
            || messages.ValueKind != JsonValueKind.Array
            || messages.GetArrayLength() == 0
        )
        {
            throw new InvalidRequestException("messages must be a non-empty list of messages", "messages");
        }

        var characters = 0;
        foreach (var message in messages.EnumerateArray())
        {
            if (message.ValueKind != JsonValueKind.Object || Optional(message, "role", JsonValueKind.String) is null)
            {
                throw new InvalidRequestException("every message must be an object with a string role", "messages");
            }

            characters += Optional(message, "content", JsonValueKind.String, JsonValueKind.Array) is { } content
                ? content.ValueKind == JsonValueKind.String
                    ? content.GetString()!.Length
                    : content.GetRawText().Length
                : 0;
        }

        return Tokens(characters);
    }

    private static int Tokens(int characters) => Math.Max(1, (characters + 3) / 4);

    private static string Kind(JsonElement value) => Name(value.ValueKind);

    private static string Name(JsonValueKind kind) =>
        kind switch
        {
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.True or JsonValueKind.False => "a boolean",
            _ => "null",
        };
}
