using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Spaces;

namespace MLEnergy.Recommender.Results;

/// <summary>
/// The parts of result.json that let a run be read back (reports, apply): the space's knobs and baseline,
/// and each trial's host time, SLO verdicts and power trace. Additive to schema version 1.
/// </summary>
internal static class ResultJsonExtras
{
    public static void WriteSpace(System.Text.Json.Utf8JsonWriter json, SearchSpace space)
    {
        json.WriteString("spaceDescription", space.Description);
        json.WriteString("spaceTarget", space.Target);
        json.WriteStartArray("knobs");
        foreach (var knob in space.Knobs)
        {
            json.WriteStartObject();
            json.WriteString("name", knob.Name);
            json.WriteString("kind", knob.Kind.ToYamlName());
            json.WriteStartArray("values");
            foreach (var value in knob.Values)
            {
                if (value.Number is { } number)
                {
                    json.WriteNumberValue(number);
                }
                else
                {
                    json.WriteStringValue(value.Text);
                }
            }

            json.WriteEndArray();
            json.WriteBoolean("restartsServer", knob.RestartsServer);
            json.WriteBoolean("outputPreserving", knob.OutputPreserving);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        if (space.Variables.Count > 0)
        {
            json.WriteStartObject("variables");
            foreach (var (name, value) in space.Variables.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(name, value);
            }

            json.WriteEndObject();
        }

        if (space.Baseline is { } baseline)
        {
            ResultJsonWriter.WriteConfiguration(json, baseline, "baselineConfiguration");
        }
        else
        {
            json.WriteNull("baselineConfiguration");
        }
    }

    public static void WriteTrialExtras(System.Text.Json.Utf8JsonWriter json, Observation observation)
    {
        json.WriteNumber("hostTimeSeconds", observation.HostTime.TotalSeconds);
        if (!observation.Verdicts.IsEmpty)
        {
            json.WriteStartObject("verdicts");
            foreach (var (metric, verdict) in observation.Verdicts.OrderBy(v => v.Key, StringComparer.Ordinal))
            {
                json.WriteString(metric, verdict.ToString().ToLowerInvariant());
            }

            json.WriteEndObject();
        }

        if (!observation.PowerTrace.IsEmpty)
        {
            json.WriteStartArray("powerTrace");
            foreach (var sample in observation.PowerTrace)
            {
                json.WriteStartArray();
                json.WriteNumberValue(sample.Elapsed.TotalSeconds);
                json.WriteNumberValue(sample.Power.Watts);
                json.WriteEndArray();
            }

            json.WriteEndArray();
        }
    }
}
