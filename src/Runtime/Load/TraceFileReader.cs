using System.Collections.Immutable;
using System.Text.Json;
using MLEnergy.Runtime.State;
using MLEnergy.Simulation.Load;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Load;

/// <summary>
/// Reads a trace, once for every target: JSONL, one request a line,
/// <c>{"arrival_s": 0.25, "prompt": "..." | "prompt_tokens": 512, "max_tokens": 128}</c> (one of the two lengths),
/// arrivals in seconds from the trace's start and not decreasing; or the Azure LLM inference trace CSV, known by its
/// header (see <see cref="AzureTraceParser"/>). <c>azure-conv</c> and <c>azure-code</c> name the shipped copies
/// (<see cref="ShippedTraces"/>). A <see cref="TraceSelection"/> picks the slice and rate. Errors name the file and
/// line.
/// </summary>
public static class TraceFileReader
{
    public static TraceArrivals Read(string path, TraceSelection? selection = null)
    {
        var entries = ReadLines(path, selection)
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

    /// <summary>
    /// The requests of a trace file (or a shipped trace's short name), read within the data-file size limit, of the
    /// selected slice at the selected rate.
    /// </summary>
    public static ImmutableArray<TraceLine> ReadLines(string path, TraceSelection? selection = null)
    {
        var file = ShippedTraces.Resolve(path);
        if (Directory.Exists(file))
        {
            throw new LoadSpecException($"trace file '{path}' is a directory; give a .jsonl or Azure .csv file");
        }

        if (!File.Exists(file))
        {
            throw new LoadSpecException($"trace file '{path}' not found (shipped traces: azure-conv, azure-code)");
        }

        using var reader = new StringReader(
            BoundedFile.ReadAllText(file, BoundedFile.DataLimit, m => new LoadSpecException($"trace file {m}"))
        );
        return Select(Parse(reader, file), selection ?? TraceSelection.All, path);
    }

    /// <summary>The requests of the selection, arrivals moved and scaled.</summary>
    public static ImmutableArray<TraceLine> Select(
        ImmutableArray<TraceLine> lines,
        TraceSelection selection,
        string name
    )
    {
        if (selection == TraceSelection.All)
        {
            return lines;
        }

        ImmutableArray<TraceLine> selected =
        [
            .. selection
                .Select([.. lines.Select(l => l.Arrival.TotalSeconds)])
                .Select(s => lines[s.Index] with { Arrival = TimeSpan.FromSeconds(s.Seconds) }),
        ];
        return selected.IsEmpty
            ? throw new LoadSpecException($"trace '{name}' has no requests in {selection.ToString().TrimStart(',')}")
            : selected;
    }

    /// <summary>Parses JSONL, or the Azure CSV when the first line is its header.</summary>
    public static ImmutableArray<TraceLine> Parse(TextReader reader, string name)
    {
        var first = reader.ReadLine();
        if (first is not null && AzureTraceParser.IsHeader(first))
        {
            return AzureTraceParser.Parse(reader, name);
        }

        if (name.EndsWith(".csv", StringComparison.OrdinalIgnoreCase) && !string.IsNullOrWhiteSpace(first))
        {
            var found = first.Length > 80 ? first[..80] + "…" : first;
            throw new LoadSpecException(
                $"{name} line 1: a CSV trace starts with the Azure header {AzureTraceParser.Header}, not '{found}'"
            );
        }

        var lines = ImmutableArray.CreateBuilder<TraceLine>();
        var number = 0;
        var pending = first;
        while ((pending ?? reader.ReadLine()) is { } line)
        {
            pending = null;
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

    private const string Shape =
        "expected {\"arrival_s\": S, \"prompt\": \"...\" or \"prompt_tokens\": N, \"max_tokens\": N}";

    private static TraceLine ParseLine(string line, string name, int number, TimeSpan previous)
    {
        string Problem(string what) => $"{name} line {number}: {what}";
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(line, JsonInput.Options);
        }
        catch (JsonException e)
        {
            throw new LoadSpecException(Problem($"{JsonInput.NotJsonInLine(e)}; {Shape}"), e);
        }

        using (document)
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw new LoadSpecException(Problem($"{JsonInput.KindOf(root)}, not an object; {Shape}"));
            }

            JsonElement Field(string field) =>
                root.TryGetProperty(field, out var value)
                    ? value
                    : throw new LoadSpecException(Problem($"the field '{field}' is missing; {Shape}"));
            int Tokens(string field) =>
                Field(field) is { ValueKind: JsonValueKind.Number } value
                && value.TryGetInt32(out var tokens)
                && tokens is > 0 and <= 10_000_000
                    ? tokens
                    : throw new LoadSpecException(
                        Problem($"{field} must be a whole number from 1 to 10000000, not {Text(Field(field))}")
                    );

            var arrivalValue = Field("arrival_s");
            var seconds = arrivalValue.ValueKind == JsonValueKind.Number ? arrivalValue.GetDouble() : double.NaN;
            if (!InputLimits.IsDuration(seconds))
            {
                throw new LoadSpecException(
                    Problem(
                        $"arrival_s must be a number of seconds from 0 to {InputLimits.MaxSeconds:0}, "
                            + $"not {Text(arrivalValue)}"
                    )
                );
            }

            var arrival = TimeSpan.FromSeconds(seconds);
            if (arrival < previous)
            {
                throw new LoadSpecException(Problem("arrival_s goes back in time"));
            }

            var maxTokens = Tokens("max_tokens");
            if (!root.TryGetProperty("prompt", out var prompt))
            {
                return new TraceLine(arrival, null, Tokens("prompt_tokens"), maxTokens);
            }

            if (root.TryGetProperty("prompt_tokens", out _))
            {
                throw new LoadSpecException(
                    Problem("both prompt and prompt_tokens give the prompt's length; give one of them")
                );
            }

            var text =
                prompt.ValueKind == JsonValueKind.String
                    ? prompt.GetString()!
                    : throw new LoadSpecException(Problem($"prompt must be text, not {JsonInput.KindOf(prompt)}"));
            return new TraceLine(
                arrival,
                text,
                Math.Max(1, text.Split(' ', StringSplitOptions.RemoveEmptyEntries).Length),
                maxTokens
            );
        }
    }

    /// <summary>A value as a message quotes it: a number or short text as written, else its kind.</summary>
    private static string Text(JsonElement value) =>
        value.ValueKind is JsonValueKind.Number or JsonValueKind.String && value.GetRawText() is { Length: <= 40 } raw
            ? raw
            : JsonInput.KindOf(value);
}
