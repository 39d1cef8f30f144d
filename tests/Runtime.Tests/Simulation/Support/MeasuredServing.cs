using System.Text.Json;

namespace MLEnergy.Runtime.Tests.Simulation.Support;

/// <summary>One ML.ENERGY v3 lm-arena-chat measurement on H100 (TestData/ml-energy-v3-lm-arena-chat-h100.json).</summary>
public sealed record MeasuredServing(string ModelId, int NumGpus, int TensorParallel, int MaxNumSeqs, double MedianItlMs, double EnergyPerTokenJoules, double AvgPowerWatts)
{
    public static IReadOnlyList<MeasuredServing> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "ml-energy-v3-lm-arena-chat-h100.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return [.. document.RootElement.GetProperty("configurations").EnumerateArray().Select(row => new MeasuredServing(
            row.GetProperty("model_id").GetString()!,
            row.GetProperty("num_gpus").GetInt32(),
            row.GetProperty("tensor_parallel").GetInt32(),
            row.GetProperty("max_num_seqs").GetInt32(),
            row.GetProperty("median_itl_ms").GetDouble(),
            row.GetProperty("energy_per_token_joules").GetDouble(),
            row.GetProperty("avg_power_watts").GetDouble()))];
    }

    public override string ToString() => $"{ModelId} TP{TensorParallel} max_num_seqs {MaxNumSeqs}";
}
