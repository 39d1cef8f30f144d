using System.Text.Json;

namespace MLEnergy.Runtime.Simulation.Load;

/// <summary>
/// Parses a JSONL load trace, one request a line: <c>{"timestamp": 0.25, "prompt_tokens": 180, "output_tokens": 512}</c>.
/// Blank lines are skipped; anything else wrong is a <see cref="FormatException"/> naming the line.
/// </summary>
public static class TraceParser
{
    public static IReadOnlyList<TraceRequest> Parse(TextReader reader, string name)
    {
        var requests = new List<TraceRequest>();
        var lineNumber = 0;
        while (reader.ReadLine() is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            TraceRequest? request;
            try
            {
                request = JsonSerializer.Deserialize<TraceRequest>(line, CatalogJson.Options);
            }
            catch (JsonException ex)
            {
                throw new FormatException($"{name}:{lineNumber}: not a JSON object with timestamp, prompt_tokens, output_tokens ({ex.Message})", ex);
            }

            if (request is null || request.TimestampSeconds < 0 || !double.IsFinite(request.TimestampSeconds)
                || request.PromptTokens < 1 || request.OutputTokens < 1)
            {
                throw new FormatException($"{name}:{lineNumber}: timestamp must be >= 0 and prompt_tokens, output_tokens >= 1");
            }

            requests.Add(request);
        }

        if (requests.Count == 0)
        {
            throw new FormatException($"{name}: the trace holds no requests");
        }

        return [.. requests.OrderBy(r => r.TimestampSeconds)];
    }
}
