using System.Text.Json;

namespace MLEnergy.Simulation.Tests.Support;

/// <summary>
/// One ML.ENERGY v3 lm-arena-chat measurement of a model the constants are fitted to
/// (TestData/ml-energy-v3-lm-arena-chat-fitted.json: H100 and B200 rows).
/// </summary>
public sealed record FittedServing(
    string ModelId,
    string Gpu,
    int NumGpus,
    int TensorParallel,
    int ExpertParallel,
    int MaxNumSeqs,
    double MedianItlMs,
    double P99ItlMs,
    double EnergyPerTokenJoules,
    double AvgPowerWatts
)
{
    public static IReadOnlyList<FittedServing> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "ml-energy-v3-lm-arena-chat-fitted.json");
        using var document = JsonDocument.Parse(File.ReadAllText(path));
        return
        [
            .. document
                .RootElement.GetProperty("configurations")
                .EnumerateArray()
                .Select(row => new FittedServing(
                    row.GetProperty("model_id").GetString()!,
                    row.GetProperty("gpu_model").GetString()!,
                    row.GetProperty("num_gpus").GetInt32(),
                    row.GetProperty("tensor_parallel").GetInt32(),
                    row.GetProperty("expert_parallel").GetInt32(),
                    row.GetProperty("max_num_seqs").GetInt32(),
                    row.GetProperty("median_itl_ms").GetDouble(),
                    row.GetProperty("p99_itl_ms").GetDouble(),
                    row.GetProperty("energy_per_token_joules").GetDouble(),
                    row.GetProperty("avg_power_watts").GetDouble()
                )),
        ];
    }

    /// <summary>The configuration as ML.ENERGY ran it: expert parallelism spans all the replica's GPUs.</summary>
    public SimulatedServingConfig ToConfig() =>
        new(ModelId, Gpu, NumGpus, 1, MaxNumSeqs, HostGpuCount: NumGpus, ExpertParallel: ExpertParallel > 1);

    public override string ToString() =>
        $"{ModelId} {NumGpus}x{Gpu} {(ExpertParallel > 1 ? "EP" : "TP")}{NumGpus} max_num_seqs {MaxNumSeqs}";
}
