using System.Globalization;
using System.Text.Json;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Results;

/// <summary>
/// Reading the fields of a file this tool wrote (result.json, a plan), so that a missing one or one of the wrong kind
/// is named in the message (<c>'trialsMeasured' is text, expected a whole number</c>), never in .NET's words.
/// </summary>
internal static class JsonFields
{
    /// <summary>The field <paramref name="name"/> of an object.</summary>
    /// <exception cref="KeyNotFoundException">
    /// The element is not an object or has no such field; the message says which.
    /// </exception>
    public static JsonElement Field(this JsonElement element, string name)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new KeyNotFoundException($"'{name}' is read from an object, but found {JsonInput.KindOf(element)}");
        }

        return element.TryGetProperty(name, out var value)
            ? value
            : throw new KeyNotFoundException($"the field '{name}' is missing");
    }

    public static string TextField(this JsonElement element, string name) => element.Field(name).AsText(name);

    public static double NumberField(this JsonElement element, string name) => element.Field(name).AsNumber(name);

    /// <summary>
    /// A field that may be left out or null (null then); any other value that is not a number is refused by name,
    /// never read as absent.
    /// </summary>
    public static double? OptionalNumberField(this JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null ? null
        : value.ValueKind == JsonValueKind.Number ? value.GetDouble()
        : throw WrongKind(name, value, "a number or null");

    /// <summary>A text field that may be left out or null (null then); another kind is refused by name.</summary>
    public static string? OptionalTextField(this JsonElement element, string name) =>
        !element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null
            ? null
            : value.AsText(name);

    public static int WholeNumberField(this JsonElement element, string name) =>
        element.Field(name) is var value && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var n)
            ? n
            : throw WrongKind(name, value, "a whole number");

    public static bool FlagField(this JsonElement element, string name) =>
        element.Field(name) is { ValueKind: JsonValueKind.True or JsonValueKind.False } value
            ? value.GetBoolean()
            : throw WrongKind(name, element.Field(name), "true or false");

    public static DateTimeOffset TimeField(this JsonElement element, string name) =>
        element.Field(name) is { ValueKind: JsonValueKind.String } value
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, out var time)
            ? time
            : throw WrongKind(name, element.Field(name), "a date and time (2026-12-03T14:00:00Z)");

    public static JsonElement.ArrayEnumerator ArrayField(this JsonElement element, string name) =>
        element.Field(name).AsArray(name);

    public static JsonElement.ObjectEnumerator ObjectField(this JsonElement element, string name) =>
        element.Field(name).AsObject(name);

    /// <summary>The value itself, read as text; <paramref name="name"/> says which value in the message.</summary>
    public static string AsText(this JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.String ? value.GetString()! : throw WrongKind(name, value, "text");

    public static double AsNumber(this JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Number ? value.GetDouble() : throw WrongKind(name, value, "a number");

    public static JsonElement.ArrayEnumerator AsArray(this JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Array ? value.EnumerateArray() : throw WrongKind(name, value, "a list");

    public static JsonElement.ObjectEnumerator AsObject(this JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Object ? value.EnumerateObject() : throw WrongKind(name, value, "an object");

    /// <summary>The value itself when it is an object; <paramref name="name"/> names it in the message.</summary>
    public static JsonElement AsObjectElement(this JsonElement value, string name) =>
        value.ValueKind == JsonValueKind.Object ? value : throw WrongKind(name, value, "an object");

    private static FormatException WrongKind(string name, JsonElement value, string expected) =>
        new($"'{name}' is {JsonInput.KindOf(value)}, expected {expected}");
}
