using System.Text;
using System.Text.Json;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;
using MLEnergy.Recommender.Selection;
using MLEnergy.Recommender.Slo;

namespace MLEnergy.Recommender.Results;

/// <summary>
/// Writes result.json (schema version <see cref="TuningResult.SchemaVersion"/>, documented in README).
/// </summary>
public static class ResultJsonWriter
{
    public static string Write(TuningResult result)
    {
        using var stream = new MemoryStream();
        using (
            var json = new Utf8JsonWriter(
                stream,
                new JsonWriterOptions
                {
                    Indented = true,
                    Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
                }
            )
        )
        {
            Write(json, result);
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    private static void Write(Utf8JsonWriter json, TuningResult result)
    {
        var selection = result.Selection;
        json.WriteStartObject();
        json.WriteNumber("schemaVersion", TuningResult.SchemaVersion);
        json.WriteString("target", result.TargetDescription);
        json.WriteString("space", result.Space.Name);
        WriteOptional(json, "model", result.Space.Model);
        WriteOptional(json, "gpuModel", result.Space.GpuModel);
        json.WriteStartArray("slo");
        foreach (var c in result.Slo.Constraints)
        {
            json.WriteStartObject();
            json.WriteString("text", c.ToString());
            json.WriteString("metric", c.Metric.ToName());
            json.WriteString("statistic", c.Statistic.ToName());
            json.WriteNumber("thresholdMs", c.ThresholdMs);
            json.WriteString("metricName", c.MetricName);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        json.WriteNumber("sloConfidence", result.Slo.Confidence.Level);
        json.WriteString("energyMetric", result.EnergyMetric);
        json.WriteString("latencyMetric", result.LatencyMetric);
        WriteOptional(json, "loadPlan", result.LoadPlanFile);
        json.WriteBoolean("feasible", selection.Feasible);
        // Whether the verdicts stand on every validity gate: a reader of a stored run sees the gates not checked.
        json.WriteStartArray("gatesSkipped");
        foreach (var gate in ValidityText.GatesSkipped(result))
        {
            json.WriteStringValue(gate);
        }

        json.WriteEndArray();
        WritePoint(json, "recommendation", selection.Recommended, result);
        WritePoint(json, "closest", selection.Closest, result);
        WritePoint(json, "baseline", selection.Baseline, result);
        if (selection.Savings is { } savings)
        {
            json.WriteStartObject("savings");
            json.WriteNumber("percent", savings.Percent);
            json.WriteNumber("energyPerUnit", savings.EnergyPerUnit.Joules);
            json.WriteString("unit", savings.Unit);
            WriteNumberOrNull(json, "lowPercent", savings.LowPercent);
            WriteNumberOrNull(json, "highPercent", savings.HighPercent);
            json.WriteNumber("confidence", Savings.Confidence);
            json.WriteEndObject();
        }
        else
        {
            json.WriteNull("savings");
        }

        json.WriteString("decision", selection.Decision.ToName());
        json.WriteNumber("minimumSavingPercent", selection.MinimumSavingPercent);
        WriteOptional(json, "baselineProblem", selection.BaselineProblem);
        if (selection.Capacity is { } capacity)
        {
            json.WriteStartObject("capacity");
            json.WriteString("minimumThroughput", capacity.Floor.ToString());
            json.WriteBoolean("rateDriven", capacity.Floor.RateDriven);
            json.WriteString("metric", capacity.ThroughputMetric);
            WriteNumberOrNull(json, "floor", capacity.FloorUnitsPerSecond);
            WriteNumberOrNull(json, "baseline", capacity.BaselineUnitsPerSecond);
            WriteNumberOrNull(json, "recommendation", capacity.RecommendedUnitsPerSecond);
            WriteNumberOrNull(json, "percentOfBaseline", capacity.PercentOfBaseline);
            WriteNumberOrNull(json, "carried", capacity.CarriedUnitsPerSecond);
            WriteOptional(json, "notApplied", capacity.NotApplied);
            json.WriteString("text", capacity.Sentence());
            json.WriteEndObject();
        }

        json.WriteStartArray("frontier");
        foreach (var o in result.Frontier)
        {
            WritePointBody(json, o, result);
        }

        json.WriteEndArray();
        json.WriteString("strategy", result.Run.Strategy);
        json.WriteString("stopReason", result.Run.StopReason);
        json.WriteNumber("trialsMeasured", result.Run.TrialsMeasured);
        json.WriteNumber("configurationsMeasured", result.Run.ConfigurationsMeasured);
        json.WriteNumber("candidates", result.Run.Candidates);
        json.WriteNumber("hypervolume", result.Hypervolume);
        json.WriteNumber("serverRestarts", result.Run.ServerRestarts);
        json.WriteString("startedAt", result.StartedAt);
        json.WriteString("finishedAt", result.FinishedAt);
        json.WriteNumber("hostTimeSeconds", result.Run.Observations.Sum(o => o.HostTime.TotalSeconds));
        json.WriteStartArray("trials");
        var notCarried = result.Run.NotCarried();
        foreach (var o in result.Run.Observations)
        {
            json.WriteStartObject();
            WriteConfiguration(json, o.Configuration);
            json.WriteBoolean("feasible", o.Feasible);
            WriteOptional(json, "reason", o.InfeasibleReason);
            if (o.Feasible && notCarried.GetValueOrDefault(result.Run.Twins.Representative(o.Configuration)) is { } why)
            {
                json.WriteString("notCarried", why);
            }

            WriteOptional(json, "cause", Infeasibility.Kept(o));
            WriteOptional(json, "invalid", o.InvalidReason);
            if (!o.GatesSkipped.IsEmpty)
            {
                json.WriteStartArray("gatesSkipped");
                foreach (var gate in o.GatesSkipped)
                {
                    json.WriteStringValue(gate);
                }

                json.WriteEndArray();
            }
            json.WriteString("fidelity", o.Fidelity.ToString().ToLowerInvariant());
            json.WriteBoolean("meetsSlo", SloJudge.Meets(o, result.Slo));
            json.WriteStartObject("metrics");
            foreach (var (name, value) in o.Metrics.OrderBy(m => m.Key, StringComparer.Ordinal))
            {
                json.WriteNumber(name, value);
            }

            json.WriteEndObject();
            ResultJsonExtras.WriteTrialExtras(json, o);
            json.WriteEndObject();
        }

        json.WriteEndArray();
        ResultJsonExtras.WriteSpace(json, result.Space);
        ResultJsonMetrics.Write(json, result.Run.Observations);
        json.WriteEndObject();
    }

    private static void WritePoint(Utf8JsonWriter json, string name, Observation? observation, TuningResult result)
    {
        json.WritePropertyName(name);
        if (observation is null)
        {
            json.WriteNullValue();
            return;
        }

        WritePointBody(json, observation, result);
    }

    private static void WritePointBody(Utf8JsonWriter json, Observation observation, TuningResult result)
    {
        json.WriteStartObject();
        WriteConfiguration(json, observation.Configuration);
        WriteNumberOrNull(json, "energy", observation.Metric(result.EnergyMetric));
        WriteNumberOrNull(json, "latency", observation.Metric(result.LatencyMetric));
        json.WriteBoolean("meetsSlo", SloJudge.Meets(observation, result.Slo));
        // A point that could not run or keep up with the load says so, so that no reader compares its figures
        // (measured at a lighter load than was offered) with a point that carried the load.
        json.WriteBoolean("feasible", observation.Feasible);
        if (!observation.Feasible)
        {
            json.WriteString("reason", observation.InfeasibleReason ?? "no reason given");
        }

        json.WriteEndObject();
    }

    internal static void WriteConfiguration(
        Utf8JsonWriter json,
        Configuration configuration,
        string name = "configuration"
    )
    {
        json.WriteStartObject(name);
        foreach (var (knob, value) in configuration.Values)
        {
            if (value.Number is { } number)
            {
                json.WriteNumber(knob, number);
            }
            else
            {
                json.WriteString(knob, value.Text);
            }
        }

        json.WriteEndObject();
    }

    private static void WriteNumberOrNull(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v && double.IsFinite(v))
        {
            json.WriteNumber(name, v);
        }
        else
        {
            json.WriteNull(name);
        }
    }

    private static void WriteOptional(Utf8JsonWriter json, string name, string? value)
    {
        if (value is not null)
        {
            json.WriteString(name, value);
        }
    }
}
