using System.Text.Json;

namespace MLEnergy.Simulation;

/// <summary>Reads the simulator's data files, shipped inside the assembly, with snake_case keys.</summary>
internal static class CatalogJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        PropertyNameCaseInsensitive = true,
        ReadCommentHandling = JsonCommentHandling.Skip,
        NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowReadingFromString,
        Converters = { new System.Text.Json.Serialization.JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower) },
    };

    public static string ReadResource(string fileName)
    {
        var assembly = typeof(CatalogJson).Assembly;
        var name = $"MLEnergy.Simulation.Data.{fileName}";
        using var stream =
            assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException(
                $"data file {fileName} is not embedded in {assembly.GetName().Name}"
            );
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    public static T Deserialize<T>(string json, string what)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json, Options)
                ?? throw new InvalidDataException($"{what}: the document is empty");
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"{what}: {ex.Message}", ex);
        }
    }
}
