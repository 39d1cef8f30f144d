using System.Collections.Immutable;
using System.Text.Json;
using MLEnergy.Runtime.State;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Load;

/// <summary>
/// Reads a JSONL trace, the one format every target takes: one request a line,
/// <c>{"arrival_s": 0.25, "prompt": "..." | "prompt_tokens": 512, "max_tokens": 128}</c>, arrivals in seconds
/// from the trace's start and not decreasing. Errors name the file and line.
/// </summary>
public static class TraceFileReader
{
    public static TraceArrivals Read(string path)
    {
        var entries = ReadLines(path)
            .Select(
                (line, i) =>
                    new TraceEntry(
                        line.Arrival,
                        new Prompt(
                            line.PromptText
                                ?? PromptSet
                                    .Synthetic(1, (line.PromptTokens, line.PromptTokens), (1, 1), i + 1)
                                    .Prompts[0]
                                    .Text,
                            line.MaxTokens
                        )
                    )
            );
        return new TraceArrivals([.. entries], Path.GetFileName(path));
    }

    /// <summary>The lines of a trace file, read within the data-file size limit.</summary>
    public static ImmutableArray<TraceLine> ReadLines(string path)
    {
        if (!File.Exists(path))
        {
            throw new LoadSpecException($"trace file '{path}' not found");
        }

        using var reader = new StringReader(
            BoundedFile.ReadAllText(path, BoundedFile.DataLimit, m => new LoadSpecException($"trace file {m}"))
        );
        return Parse(reader, path);
    }

    public static ImmutableArray<TraceLine> Parse(TextReader reader, string name)
    {
        var lines = ImmutableArray.CreateBuilder<TraceLine>();
        var number = 0;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (!string.IsNullOrWhiteSpace(line))
            {
                lines.Add(ParseLine(line, name, number, lines.Count > 0 ? lines[^1].Arrival : TimeSpan.Zero));
            }
        }

        return lines.Count > 0
            ? lines.ToImmutable()
            : throw new LoadSpecException($"trace file '{name}' has no requests");
    }

    private static TraceLine ParseLine(string line, string name, int number, TimeSpan previous)
    {
        string Problem(string what) => $"{name} line {number}: {what}";
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            var seconds = root.GetProperty("arrival_s").GetDouble();
            if (!InputLimits.IsDuration(seconds))
            {
                throw new LoadSpecException(
                    Problem($"arrival_s must be from 0 to {InputLimits.MaxSeconds:0} s, not {seconds}")
                );
            }

            var arrival = TimeSpan.FromSeconds(seconds);
            if (arrival < previous)
            {
                throw new LoadSpecException(Problem("arrival_s goes back in time"));
            }

            var maxTokens = root.GetProperty("max_tokens").GetInt32();
            var text = root.TryGetProperty("prompt", out var prompt) ? prompt.GetString()! : null;
            var promptTokens = text is null
                ? root.GetProperty("prompt_tokens").GetInt32()
                : Math.Max(1, text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length);
            return maxTokens is > 0 and <= 10_000_000 && promptTokens is > 0 and <= 10_000_000
                ? new TraceLine(arrival, text, promptTokens, maxTokens)
                : throw new LoadSpecException(Problem("prompt_tokens and max_tokens must be from 1 to 10000000"));
        }
        catch (Exception e)
            when (e is JsonException or KeyNotFoundException or InvalidOperationException or FormatException)
        {
            throw new LoadSpecException(
                Problem(
                    $"expected {{\"arrival_s\": S, \"prompt\": \"...\" or \"prompt_tokens\": N, \"max_tokens\": N}} "
                        + $"({e.Message})"
                ),
                e
            );
        }
    }
}
