using System.Globalization;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Bench;

/// <summary>Simulates measured configurations and sets the simulated numbers beside the measured ones.</summary>
internal static class Comparison
{
    public static readonly string[] FittedModels = ["Qwen/Qwen3-8B", "meta-llama/Llama-3.1-70B-Instruct"];

    public static (double Itl, double Energy, double Power, double Batch) Simulate(SimulatedHost host, MeasuredRow row, double warmupSeconds = 20, double windowSeconds = 60)
    {
        var config = new SimulatedServingConfig(row.ModelId, "H100-SXM-80GB", row.TensorParallel, 1, row.MaxNumSeqs, HostGpuCount: row.NumGpus);
        var result = host.Run(config, LoadSpec.Saturate, TimeSpan.FromSeconds(warmupSeconds), TimeSpan.FromSeconds(windowSeconds), 7);
        if (!result.Feasible)
        {
            return (double.NaN, double.NaN, double.NaN, double.NaN);
        }

        return (result.MedianInterTokenLatency.TotalMilliseconds, result.EnergyPerTokenJoules, result.ServingAveragePowerWatts, result.AverageBatchSize);
    }

    public static void PrintTable(SimulatedHost host, IReadOnlyList<MeasuredRow> rows, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine("| model | GPUs | max_num_seqs | batch sim/meas | median ITL ms sim / meas (err) | J/token sim / meas (err) | power W sim / meas (err) |");
        output.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var row in rows)
        {
            var (itl, energy, power, batch) = Simulate(host, row);
            output.WriteLine(string.Create(c,
                $"| {row.ModelId}{(FittedModels.Contains(row.ModelId) ? " (fit)" : string.Empty)} | {row.NumGpus} | {row.MaxNumSeqs} | {batch:F0}/{row.AvgBatchSize:F0} | {itl:F1} / {row.MedianItlMs:F1} ({Error(itl, row.MedianItlMs)}) | {energy:F3} / {row.EnergyPerTokenJoules:F3} ({Error(energy, row.EnergyPerTokenJoules)}) | {power:F0} / {row.AvgPowerWatts:F0} ({Error(power, row.AvgPowerWatts)}) |"));
        }
    }

    private static string Error(double simulated, double measured) =>
        string.Create(CultureInfo.InvariantCulture, $"{(simulated / measured) - 1:+0%;-0%}");
}
