using MLEnergy.Runtime.Replay;

namespace MLEnergy.Simulation.Tests.Support;

/// <summary>
/// One ML.ENERGY v3 lm-arena-chat measurement on H100 (TestData/ml-energy-v3-lm-arena-chat-h100.json).
/// </summary>
public sealed record MeasuredServing(
    string ModelId,
    int NumGpus,
    int TensorParallel,
    int MaxNumSeqs,
    double MedianItlMs,
    double EnergyPerTokenJoules,
    double AvgPowerWatts
)
{
    public static IReadOnlyList<MeasuredServing> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "TestData", "ml-energy-v3-lm-arena-chat-h100.json");
        var table = V3TaskFileParser.Parse(File.ReadAllText(path), path);
        return
        [
            .. table.Rows.Select(row => new MeasuredServing(
                row.ModelId,
                (int)row.Configuration.Number("num_gpus")!.Value,
                (int)row.Configuration.Number("tensor_parallel")!.Value,
                (int)row.Configuration.Number("max_num_seqs")!.Value,
                row.Metrics["itl_p50_ms"],
                row.Metrics["energy_per_token_j"],
                row.Metrics["avg_power_w"]
            )),
        ];
    }

    public override string ToString() => $"{ModelId} TP{TensorParallel} max_num_seqs {MaxNumSeqs}";
}
