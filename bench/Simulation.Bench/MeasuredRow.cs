using System.Text.Json;

namespace MLEnergy.Simulation.Bench;

/// <summary>One ML.ENERGY v3 measurement: a model on H100s at a max_num_seqs, saturating load.</summary>
internal sealed record MeasuredRow(
    string ModelId,
    int NumGpus,
    int TensorParallel,
    int MaxNumSeqs,
    double MedianItlMs,
    double EnergyPerTokenJoules,
    double AvgPowerWatts,
    double AvgBatchSize)
{
    public static IReadOnlyList<MeasuredRow> Load(string path)
    {
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty("configurations").EnumerateArray().Select(row => new MeasuredRow(
            row.GetProperty("model_id").GetString()!,
            row.GetProperty("num_gpus").GetInt32(),
            row.GetProperty("tensor_parallel").GetInt32(),
            row.GetProperty("max_num_seqs").GetInt32(),
            row.GetProperty("median_itl_ms").GetDouble(),
            row.GetProperty("energy_per_token_joules").GetDouble(),
            row.GetProperty("avg_power_watts").GetDouble(),
            row.GetProperty("avg_batch_size").GetDouble()))];
    }
}
