using System.Globalization;
using System.Text;
using System.Text.Json;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Results;
using MLEnergy.Recommender.Slo;
using MLEnergy.Units;

namespace MLEnergy.Recommender.Plans;

/// <summary>The one reader and writer of plan.json (a <see cref="LoadPlan"/>).</summary>
public static class LoadPlanJson
{
    public const string FileName = "plan.json";

    public static string Write(LoadPlan plan)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            json.WriteStartObject();
            json.WriteNumber("schemaVersion", LoadPlan.SchemaVersion);
            json.WriteString("slo", plan.Slo);
            json.WriteString("sloMetric", plan.SloMetric);
            json.WriteNumber("sloBoundMs", plan.SloBoundMs);
            json.WriteNumber("sloConfidence", plan.Confidence.Level);
            WriteConfiguration(json, "serverKnobs", plan.ServerKnobs);
            json.WriteStartArray("bands");
            foreach (var band in plan.Bands)
            {
                json.WriteStartObject();
                json.WriteNumber("fromRequestsPerSecond", band.FromRequestsPerSecond);
                WriteNullable(json, "toRequestsPerSecond", band.ToRequestsPerSecond);
                json.WriteNumber("levelRequestsPerSecond", band.LevelRequestsPerSecond);
                WriteConfiguration(json, "configuration", band.Configuration);
                WriteNullable(json, "smClockCapMhz", band.SmClockCapMhz);
                WriteNullable(json, "powerLimitWatts", band.PowerLimitWatts);
                WriteNullable(json, "energyPerTokenJoules", band.EnergyPerTokenJoules);
                WriteNullable(json, "latencyMs", band.LatencyMs);
                WriteNullable(json, "throughputTokensPerSecond", band.ThroughputTokensPerSecond);
                WriteNullable(json, "averagePowerWatts", band.AveragePowerWatts);
                json.WriteBoolean("meetsSlo", band.MeetsSlo);
                json.WriteString("sloVerdict", SloJudge.Word(band.Verdict));
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <exception cref="ResultFormatException">Not JSON, another schema version, missing fields, no bands.</exception>
    /// <param name="text">The plan's JSON.</param>
    /// <param name="name">What the messages call the plan: its path where it was read from a file.</param>
    public static LoadPlan Read(string text, string name = FileName)
    {
        JsonElement root;
        try
        {
            root = JsonDocument.Parse(text, JsonInput.Options).RootElement.Clone();
        }
        catch (JsonException e)
        {
            throw new ResultFormatException(
                $"{name} is {JsonInput.NotJson(e)}; expected the plan optimize --load-levels writes",
                e
            );
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new ResultFormatException($"{name} does not hold a plan");
        }

        try
        {
            var version = root.WholeNumberField("schemaVersion");
            if (version != LoadPlan.SchemaVersion)
            {
                throw new ResultFormatException(
                    $"{name} has schema version {version}; this version reads {LoadPlan.SchemaVersion}"
                );
            }

            var bands = root.ArrayField("bands")
                .Select(b => new LoadBand(
                    b.NumberField("fromRequestsPerSecond"),
                    Nullable(b, "toRequestsPerSecond"),
                    b.NumberField("levelRequestsPerSecond"),
                    ReadConfiguration(b.Field("configuration")),
                    Nullable(b, "smClockCapMhz"),
                    Nullable(b, "powerLimitWatts"),
                    Nullable(b, "energyPerTokenJoules"),
                    Nullable(b, "latencyMs"),
                    Nullable(b, "throughputTokensPerSecond"),
                    Nullable(b, "averagePowerWatts"),
                    Verdict(b)
                ))
                .ToList();
            if (bands.Count == 0)
            {
                throw new ResultFormatException($"{name} has no bands");
            }

            return LoadPlanCheck.Checked(
                new LoadPlan(
                    root.TextField("slo"),
                    root.TextField("sloMetric"),
                    root.NumberField("sloBoundMs"),
                    ReadConfiguration(root.Field("serverKnobs")),
                    bands
                )
                {
                    Confidence = Nullable(root, "sloConfidence") is { } level
                        ? SloConfidence.Stored(level, "sloConfidence")
                        : SloConfidence.Default,
                }
            );
        }
        catch (Exception e) when (e is KeyNotFoundException or FormatException)
        {
            throw new ResultFormatException(
                e is KeyNotFoundException ? $"{name} is incomplete: {e.Message}" : $"{name}: {e.Message}",
                e
            );
        }
    }

    /// <summary>
    /// A band's verdict on the SLO: <c>sloVerdict</c> (met, missed, undecided); a plan written before bands carried it
    /// has only <c>meetsSlo</c>, read as met or missed.
    /// </summary>
    private static SloVerdict Verdict(JsonElement band)
    {
        if (!band.TryGetProperty("sloVerdict", out _))
        {
            return band.FlagField("meetsSlo") ? SloVerdict.Met : SloVerdict.Missed;
        }

        var word = band.TextField("sloVerdict");
        return Enum.GetValues<SloVerdict>().Where(v => SloJudge.Word(v) == word).ToList() is [var one]
            ? one
            : throw new FormatException($"'sloVerdict' is '{word}', expected met, missed or undecided");
    }

    private static void WriteConfiguration(Utf8JsonWriter json, string name, Configuration configuration)
    {
        json.WriteStartObject(name);
        foreach (var (knob, value) in configuration.Values)
        {
            json.WriteString(knob, value.Text);
        }

        json.WriteEndObject();
    }

    private static void WriteNullable(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static double? Nullable(JsonElement element, string name) => element.OptionalNumberField(name);

    private static Configuration ReadConfiguration(JsonElement element) =>
        new(
            element
                .AsObject("configuration")
                .Select(p =>
                    KeyValuePair.Create(
                        p.Name,
                        KnobValue.Parse(
                            p.Value.ValueKind == JsonValueKind.String ? p.Value.GetString()! : p.Value.GetRawText()
                        )
                    )
                )
        );
}
