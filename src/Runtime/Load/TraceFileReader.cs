using System.Collections.Immutable;
using System.Text.Json;

namespace MLEnergy.Runtime.Load;

/// <summary>
/// Reads a JSONL trace: one request a line, <c>{"arrival_s": 0.25, "prompt": "..." | "prompt_tokens": 512, "max_tokens": 128}</c>,
/// arrivals in seconds from the trace's start and not decreasing. Errors name the file and line.
/// </summary>
public static class TraceFileReader
{
    public static TraceArrivals Read(string path)
    {
        if (!File.Exists(path))
        {
            throw new LoadSpecException($"trace file '{path}' not found");
        }

        var entries = ImmutableArray.CreateBuilder<TraceEntry>();
        var number = 0;
        foreach (var line in File.ReadLines(path))
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                entries.Add(Parse(line, path, number, entries.Count > 0 ? entries[^1].Arrival : TimeSpan.Zero));
            }
        }

        return entries.Count > 0
            ? new TraceArrivals(entries.ToImmutable(), Path.GetFileName(path))
            : throw new LoadSpecException($"trace file '{path}' has no requests");
    }

    private static TraceEntry Parse(string line, string path, int number, TimeSpan previous)
    {
        string Problem(string what) => $"{path} line {number}: {what}";
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var arrival = TimeSpan.FromSeconds(root.GetProperty("arrival_s").GetDouble());
            if (arrival < previous)
            {
                throw new LoadSpecException(Problem("arrival_s goes back in time"));
            }

            var maxTokens = root.GetProperty("max_tokens").GetInt32();
            var text = root.TryGetProperty("prompt", out var prompt)
                ? prompt.GetString()!
                : PromptSet.Synthetic(1, (root.GetProperty("prompt_tokens").GetInt32(), root.GetProperty("prompt_tokens").GetInt32()), (1, 1), number).Prompts[0].Text;
            return maxTokens > 0 ? new TraceEntry(arrival, new Prompt(text, maxTokens)) : throw new LoadSpecException(Problem("max_tokens must be positive"));
        }
        catch (Exception e) when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new LoadSpecException(Problem($"expected {{\"arrival_s\": S, \"prompt\": \"...\" or \"prompt_tokens\": N, \"max_tokens\": N}} ({e.Message})"), e);
        }
    }
}
