using System.Collections.Immutable;
using System.Text;
using System.Text.Json;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Load;

/// <summary>
/// The prompts a load draws from, in turn: read from a file or made up with given length distributions.
/// </summary>
public sealed record PromptSet(ImmutableArray<Prompt> Prompts)
{
    private static readonly string[] Words =
    [
        "energy",
        "model",
        "token",
        "server",
        "latency",
        "power",
        "clock",
        "batch",
        "request",
        "answer",
        "question",
        "the",
        "of",
        "and",
    ];

    public Prompt this[long index] => Prompts[(int)(index % Prompts.Length)];

    /// <summary>
    /// Synthetic prompts: input and output lengths drawn uniformly from the ranges (in tokens, about one word each),
    /// seeded so two runs send the same requests.
    /// </summary>
    public static PromptSet Synthetic(
        int count,
        (int Min, int Max) inputTokens,
        (int Min, int Max) outputTokens,
        int seed = 0
    )
    {
        var random = new Random(seed);
        var prompts = ImmutableArray.CreateBuilder<Prompt>(count);
        for (var i = 0; i < count; i++)
        {
            var length = random.Next(inputTokens.Min, inputTokens.Max + 1);
            var text = new StringBuilder(length * 7);
            for (var w = 0; w < length; w++)
            {
                text.Append(w == 0 ? string.Empty : " ").Append(Words[random.Next(Words.Length)]);
            }

            prompts.Add(new Prompt(text.ToString(), random.Next(outputTokens.Min, outputTokens.Max + 1)));
        }

        return new PromptSet(prompts.MoveToImmutable());
    }

    /// <summary>A JSONL file of <c>{"prompt": "...", "max_tokens": N}</c> lines (max_tokens optional).</summary>
    public static PromptSet ReadFile(string path, int defaultMaxTokens)
    {
        if (!File.Exists(path))
        {
            throw new LoadSpecException($"prompt file '{path}' not found");
        }

        var prompts = ImmutableArray.CreateBuilder<Prompt>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            prompts.Add(ParsePrompt(line, $"{path} line {number}", defaultMaxTokens));
        }

        return prompts.Count > 0
            ? new PromptSet(prompts.ToImmutable())
            : throw new LoadSpecException($"prompt file '{path}' has no prompts");
    }

    private static Prompt ParsePrompt(string line, string where, int defaultMaxTokens)
    {
        const string Shape = "expected {\"prompt\": \"...\", \"max_tokens\": N}";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, JsonInput.Options);
        }
        catch (JsonException e)
        {
            throw new LoadSpecException($"{where}: {JsonInput.NotJsonInLine(e)}; {Shape}", e);
        }

        using (document)
        {
            var root = document.RootElement;
            var prompt =
                root.ValueKind == JsonValueKind.Object && root.TryGetProperty("prompt", out var p)
                    ? p
                    : throw new LoadSpecException($"{where}: no prompt; {Shape}");
            var text =
                prompt.ValueKind == JsonValueKind.String
                    ? prompt.GetString()!
                    : throw new LoadSpecException($"{where}: prompt must be text, not {JsonInput.KindOf(prompt)}");
            if (!root.TryGetProperty("max_tokens", out var m))
            {
                return new Prompt(text, defaultMaxTokens);
            }

            return m.ValueKind == JsonValueKind.Number && m.TryGetInt32(out var maxTokens)
                ? new Prompt(text, maxTokens)
                : throw new LoadSpecException($"{where}: max_tokens must be a whole number, not {JsonInput.KindOf(m)}");
        }
    }
}
