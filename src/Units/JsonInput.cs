using System.Text.Json;

namespace MLEnergy.Units;

/// <summary>
/// The one way a JSON input a person gives (trace and prompt JSONL, result.json, a plan, replayed measurements)
/// says where its text is not JSON: the line and column, never the parser's own message, which names .NET's
/// reader ("LineNumber: 0 | BytePositionInLine: 3"). Each reader says what it expected beside it.
/// </summary>
public static class JsonInput
{
    /// <summary>
    /// How every such input is parsed: a field given twice in one object is refused (it would otherwise read as the
    /// last one given, silently), and said so by <see cref="NotJson"/>.
    /// </summary>
    public static JsonDocumentOptions Options => new() { AllowDuplicateProperties = false };

    /// <summary><c>not JSON at line 3, column 7</c>: the position is counted from 1, as editors count.</summary>
    public static string NotJson(JsonException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        if (Twice(e) is { } twice)
        {
            return twice;
        }

        var line = (e.LineNumber ?? 0) + 1;
        return e.BytePositionInLine is { } column
            ? $"not JSON at line {line}, column {column + 1}"
            : $"not JSON at line {line}";
    }

    /// <summary><c>not JSON at column 7</c>: for one line of a JSONL file, whose messages name the line.</summary>
    public static string NotJsonInLine(JsonException e)
    {
        ArgumentNullException.ThrowIfNull(e);
        return Twice(e) ?? (e.BytePositionInLine is { } column ? $"not JSON at column {column + 1}" : "not JSON");
    }

    /// <summary>What a field given twice in one object reads as, naming the field where the parser does.</summary>
    private static string? Twice(JsonException e)
    {
        if (!e.Message.StartsWith("Duplicate propert", StringComparison.Ordinal))
        {
            return null;
        }

        var quoted = e.Message.Split('\'');
        return quoted.Length >= 3
            ? $"not JSON it can read: the field '{quoted[1]}' is given twice in one object"
            : "not JSON it can read: a field is given twice in one object";
    }

    /// <summary>The JSON kind of a value as a person reads it: a number, text, an object, null...</summary>
    public static string KindOf(JsonElement value) =>
        value.ValueKind switch
        {
            JsonValueKind.Number => "a number",
            JsonValueKind.String => "text",
            JsonValueKind.Object => "an object",
            JsonValueKind.Array => "a list",
            JsonValueKind.True or JsonValueKind.False => "true/false",
            JsonValueKind.Null => "null",
            _ => "nothing",
        };
}
