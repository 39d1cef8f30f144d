using System.Collections.Immutable;
using System.Text.Json;
using MLEnergy.Recommender.Knobs;
using MLEnergy.Recommender.Metrics;
using MLEnergy.Recommender.Slo;
using MLEnergy.Runtime.Trials;
using MLEnergy.Units;

namespace MLEnergy.Runtime.Replay;

/// <summary>
/// Parses an ML.ENERGY v3 task file (<c>{"task": ..., "configurations": [...]}</c>). LLM tasks carry
/// max_num_seqs and ITL percentiles in ms; diffusion tasks carry batch_size and batch_latency_s.
/// </summary>
public static class V3TaskFileParser
{
    private static readonly string[] LlmKnobs =
    [
        ReplayKnobs.GpuModel,
        ReplayKnobs.NumGpus,
        "tensor_parallel",
        "expert_parallel",
        "data_parallel",
        "max_num_seqs",
    ];
    private static readonly string[] DiffusionKnobs =
    [
        ReplayKnobs.GpuModel,
        ReplayKnobs.NumGpus,
        ReplayKnobs.BatchSize,
        ReplayKnobs.UlyssesDegree,
        ReplayKnobs.RingDegree,
    ];

    private static readonly (string Column, MetricDefinition Metric, double Scale)[] Columns =
    [
        ("median_itl_ms", MetricCatalogue.Itl.Of(Statistic.P50), 1),
        ("p90_itl_ms", MetricCatalogue.Itl.Of(Statistic.P90), 1),
        ("p95_itl_ms", MetricCatalogue.Itl.Of(Statistic.P95), 1),
        ("p99_itl_ms", MetricCatalogue.Itl.Of(Statistic.P99), 1),
        ("batch_latency_s", MetricCatalogue.BatchLatency.Of(Statistic.Mean), 1000),
        ("energy_per_token_joules", MetricCatalogue.EnergyPerToken, 1),
        ("energy_per_request_joules", MetricCatalogue.EnergyPerRequest, 1),
        ("energy_per_image_joules", MetricCatalogue.EnergyPerImage, 1),
        ("energy_per_video_joules", MetricCatalogue.EnergyPerVideo, 1),
        ("output_throughput_tokens_per_sec", MetricCatalogue.TokenThroughput, 1),
        ("throughput_images_per_sec", MetricCatalogue.ImageThroughput, 1),
        ("throughput_videos_per_sec", MetricCatalogue.VideoThroughput, 1),
    ];

    /// <summary>Average power of the row's GPUs together (ML.ENERGY sums over GPUs; num_gpus says how many).</summary>
    private const string PowerColumn = "avg_power_watts";

    public static ReplayTable Parse(string json, string source)
    {
        using var document = ParseDocument(json, source);
        var root = document.RootElement;
        if (
            root.ValueKind != JsonValueKind.Object
            || !root.TryGetProperty("configurations", out var configurations)
            || configurations.ValueKind != JsonValueKind.Array
        )
        {
            throw new ReplayDataException($"{source}: not an ML.ENERGY v3 task file (no 'configurations' array)");
        }

        var task = root.TryGetProperty("task", out var t)
            ? t.GetString() ?? source
            : Path.GetFileNameWithoutExtension(source);
        var isLlm = configurations.EnumerateArray().Any(c => c.TryGetProperty("max_num_seqs", out _));
        var knobs = isLlm ? LlmKnobs : DiffusionKnobs;
        var rows = configurations.EnumerateArray().Select((c, i) => ParseRow(c, knobs, source, i)).ToImmutableArray();
        return new ReplayTable(source, task, isLlm ? ReplayWorkload.Llm : ReplayWorkload.Diffusion, [.. knobs], rows);
    }

    private static JsonDocument ParseDocument(string json, string source)
    {
        try
        {
            return JsonDocument.Parse(json, JsonInput.Options);
        }
        catch (JsonException e)
        {
            throw new ReplayDataException($"{source}: {JsonInput.NotJson(e)}; expected an ML.ENERGY v3 task file");
        }
    }

    private static ReplayRow ParseRow(JsonElement row, string[] knobs, string source, int index)
    {
        string Need(string name) =>
            row.TryGetProperty(name, out var value)
                ? value.ValueKind == JsonValueKind.String
                    ? value.GetString()!
                    : value.GetRawText()
                : throw new ReplayDataException($"{source}: configuration #{index + 1} has no '{name}'");

        var configuration = new Configuration(knobs.Select(k => KeyValuePair.Create(k, KnobValue.Parse(Need(k)))));
        var metrics = new ObservationBuilder();
        foreach (var (column, metric, scale) in Columns)
        {
            if (row.TryGetProperty(column, out var value) && value.ValueKind == JsonValueKind.Number)
            {
                metrics.Set(metric, value.GetDouble() * scale);
            }
        }

        if (row.TryGetProperty(PowerColumn, out var power) && power.ValueKind == JsonValueKind.Number)
        {
            var gpus = row.TryGetProperty(ReplayKnobs.NumGpus, out var n) && n.TryGetInt32(out var count) ? count : 0;
            metrics.Power(Power.FromWatts(power.GetDouble()), gpus);
        }

        return new ReplayRow(Need("model_id"), configuration, metrics.Metrics);
    }
}
