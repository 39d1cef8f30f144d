using System.Collections.Immutable;
using System.Globalization;

namespace MLEnergy.Runtime.Load;

/// <summary>
/// Reads the Azure LLM inference trace as Azure/AzurePublicDataset publishes it: a header
/// <c>TIMESTAMP,ContextTokens,GeneratedTokens</c>, then one request a line
/// (<c>2023-11-16 18:15:46.6805900,374,44</c>). Arrivals are seconds from the first request; the context is the
/// prompt's length and the generated tokens are what the request asks for. Errors name the file and line.
/// </summary>
public static class AzureTraceParser
{
    public const string Header = "TIMESTAMP,ContextTokens,GeneratedTokens";

    private const int MaxTokens = 10_000_000;

    public static bool IsHeader(string line) =>
        line.Trim()
            .Replace(" ", string.Empty, StringComparison.Ordinal)
            .Equals(Header, StringComparison.OrdinalIgnoreCase);

    /// <summary>The requests after the header line (line 1), which the caller has read.</summary>
    public static ImmutableArray<TraceLine> Parse(TextReader reader, string name)
    {
        var lines = ImmutableArray.CreateBuilder<TraceLine>();
        DateTime? first = null;
        var previous = TimeSpan.Zero;
        var number = 1;
        while (reader.ReadLine() is { } line)
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            string Problem(string what) => $"{name} line {number}: {what}";
            var fields = line.Split(',');
            if (fields.Length != 3)
            {
                throw new LoadSpecException(Problem($"expected {Header}, e.g. 2023-11-16 18:15:46.6805900,374,44"));
            }

            if (
                !DateTime.TryParse(
                    fields[0].Trim(),
                    CultureInfo.InvariantCulture,
                    DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal,
                    out var timestamp
                )
            )
            {
                throw new LoadSpecException(Problem($"TIMESTAMP '{fields[0]}' is not a date and time"));
            }

            first ??= timestamp;
            var arrival = timestamp - first.Value;
            if (arrival < previous)
            {
                throw new LoadSpecException(Problem("TIMESTAMP goes back in time"));
            }

            if (arrival.TotalSeconds > Units.InputLimits.MaxSeconds)
            {
                throw new LoadSpecException(Problem("the trace spans more than the longest time allowed"));
            }

            var context = Tokens(fields[1], "ContextTokens", Problem);
            var generated = Tokens(fields[2], "GeneratedTokens", Problem);
            lines.Add(new TraceLine(arrival, null, context, generated));
            previous = arrival;
        }

        return lines.Count > 0
            ? lines.ToImmutable()
            : throw new LoadSpecException($"trace file '{name}' has no requests");
    }

    private static int Tokens(string text, string column, Func<string, string> problem) =>
        int.TryParse(text.Trim(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var tokens)
        && tokens is > 0 and <= MaxTokens
            ? tokens
            : throw new LoadSpecException(
                problem($"{column} must be a whole number from 1 to {MaxTokens}, not '{text}'")
            );
}
