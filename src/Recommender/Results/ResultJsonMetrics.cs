using System.Text.Json;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Observations;

namespace MLEnergy.Recommender.Results;

/// <summary>
/// result.json's <c>metricDefinitions</c>: for every metric the trials carry, its unit, direction, scope and
/// description from the catalogue (what a first token is, how a chunk of several tokens counts), so that a reader
/// needs no other document. Additive to schema version 1.
/// </summary>
internal static class ResultJsonMetrics
{
    public static void Write(Utf8JsonWriter json, IEnumerable<Observation> observations)
    {
        json.WriteStartObject("metricDefinitions");
        var names = observations.SelectMany(o => o.Metrics.Keys).Distinct().Order(StringComparer.Ordinal);
        foreach (var metric in names.Select(MetricCatalogue.Find).OfType<MetricDefinition>())
        {
            json.WriteStartObject(metric.Name);
            json.WriteString("unit", metric.Unit);
            json.WriteString("direction", metric.Direction.ToText());
            json.WriteString("scope", metric.Scope.ToText());
            json.WriteString("description", metric.Description);
            json.WriteEndObject();
        }

        json.WriteEndObject();
    }
}
