using System.Text.Json;

namespace MLEnergy.Simulation.Bench;

/// <summary>One ML.ENERGY v3 LLM measurement: a model on a GPU kind with its parallelism and max_num_seqs.</summary>
internal sealed record MeasuredRow(
    string Task,
    string ModelId,
    string Gpu,
    int NumGpus,
    int TensorParallel,
    int ExpertParallel,
    int DataParallel,
    int MaxNumSeqs,
    double MedianItlMs,
    double P99ItlMs,
    double EnergyPerTokenJoules,
    double AvgPowerWatts,
    double AvgBatchSize,
    double AvgOutputTokens
)
{
    /// <summary>The tasks whose rows are LLM (and multimodal-LLM) serving measurements.</summary>
    public static readonly string[] LlmTasks = ["lm-arena-chat", "gpqa", "sourcegraph-fim", "image-chat", "video-chat"];

    /// <summary>Rows of one task file (<c>{task}.json</c> with a <c>configurations</c> array).</summary>
    public static IReadOnlyList<MeasuredRow> Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        var root = document.RootElement;
        var task = root.TryGetProperty("task", out var t) ? t.GetString()! : Path.GetFileNameWithoutExtension(path);
        return
        [
            .. root.GetProperty("configurations")
                .EnumerateArray()
                .Select(row => new MeasuredRow(
                    task,
                    row.GetProperty("model_id").GetString()!,
                    row.TryGetProperty("gpu_model", out var gpu) ? gpu.GetString()! : "H100",
                    row.GetProperty("num_gpus").GetInt32(),
                    row.GetProperty("tensor_parallel").GetInt32(),
                    Int(row, "expert_parallel"),
                    Int(row, "data_parallel"),
                    row.GetProperty("max_num_seqs").GetInt32(),
                    row.GetProperty("median_itl_ms").GetDouble(),
                    Number(row, "p99_itl_ms"),
                    row.GetProperty("energy_per_token_joules").GetDouble(),
                    row.GetProperty("avg_power_watts").GetDouble(),
                    Number(row, "avg_batch_size"),
                    Number(row, "avg_output_len")
                )),
        ];
    }

    /// <summary>Rows of every LLM task file in the v3 folder that exists.</summary>
    public static IReadOnlyList<MeasuredRow> LoadFolder(string folder) =>
        [.. LlmTasks.Select(task => Path.Combine(folder, task + ".json")).Where(File.Exists).SelectMany(Load)];

    public override string ToString() =>
        $"{Task} {ModelId} {NumGpus}x{Gpu} TP{TensorParallel} EP{ExpertParallel} DP{DataParallel} seqs {MaxNumSeqs}";

    private static int Int(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetInt32() : 1;

    private static double Number(JsonElement row, string name) =>
        row.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number
            ? value.GetDouble()
            : double.NaN;
}
