using System.Text.Json;

namespace MLEnergy.Recommender.Results;

/// <summary>Reading the fields of a file this tool wrote, so that a missing one is named in the message.</summary>
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
            throw new KeyNotFoundException($"'{name}' is read from an object, but found {Describe(element)}");
        }

        return element.TryGetProperty(name, out var value)
            ? value
            : throw new KeyNotFoundException($"the field '{name}' is missing");
    }

    private static string Describe(JsonElement element) =>
        element.ValueKind switch
        {
            JsonValueKind.Array => "an array",
            JsonValueKind.String => "a string",
            JsonValueKind.Number => "a number",
            JsonValueKind.Null => "null",
            _ => element.ValueKind.ToString().ToLowerInvariant(),
        };
}
