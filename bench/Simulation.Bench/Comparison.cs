using System.Globalization;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Bench;

/// <summary>
/// Simulates measured configurations as ML.ENERGY ran them (the task's request lengths and the row's mean response
/// length; the benchmark's request list, repeats and steady-state window when a protocol is given, else saturating
/// load over a fixed window) and sets the simulated numbers beside the measured ones.
/// </summary>
internal static class Comparison
{
    public static SimulatedRow Simulate(
        SimulatedHost host,
        MeasuredRow row,
        int seeds = 1,
        double warmupSeconds = 20,
        double windowSeconds = 60,
        Workload? workloadOverride = null,
        BenchmarkProtocol? protocol = null
    )
    {
        var fitted =
            host.Gpus.TryGet(row.Gpu, out var gpu) && host.Calibration.IsFitted(row.Task, gpu!.Id, row.ModelId);
        if (gpu is null)
        {
            return new SimulatedRow(row, false, $"GPU {row.Gpu} not in the catalog");
        }

        if (!host.Models.TryGet(row.ModelId, out var model))
        {
            return new SimulatedRow(row, fitted, $"model {row.ModelId} not in the catalog");
        }

        if (!Workloads.TryParse(row.Task, out var workload))
        {
            return new SimulatedRow(row, fitted, $"task {row.Task} has no workload profile");
        }

        // Data-parallel attention with expert parallelism (vLLM --data-parallel-size with
        // --enable-expert-parallel): experts spread over every GPU, one rank per GPU, and the benchmark starts each
        // rank with its share of max_num_seqs (the row's max_num_seqs over the ranks).
        var ranks = Math.Max(1, row.DataParallel);
        var config = new SimulatedServingConfig(
            row.ModelId,
            gpu.Id,
            row.NumGpus / ranks,
            1,
            row.MaxNumSeqs / ranks,
            HostGpuCount: row.NumGpus,
            ExpertParallel: row.ExpertParallel > 1,
            DataParallel: ranks
        );
        workload = workloadOverride ?? workload;
        var lengths = workload!.LengthsFor(model!, double.IsFinite(row.AvgOutputTokens) ? row.AvgOutputTokens : null);
        var load = LoadSpec.Saturate.WithWorkload(workload);
        double itl = 0,
            p99 = 0,
            energy = 0,
            power = 0,
            batch = 0,
            preemptions = 0,
            peakKv = 0;
        for (var seed = 0; seed < seeds; seed++)
        {
            var result = protocol is null
                ? host.Run(
                    config,
                    load,
                    TimeSpan.FromSeconds(warmupSeconds),
                    TimeSpan.FromSeconds(windowSeconds),
                    7 + seed,
                    lengths,
                    CancellationToken.None
                )
                : host.RunBenchmark(config, protocol, lengths, workload, 7 + seed);
            if (!result.Feasible)
            {
                return new SimulatedRow(row, fitted, result.InfeasibleReason);
            }

            itl += result.MedianInterTokenLatency.TotalMilliseconds / seeds;
            p99 += result.InterTokenLatency.Percentile(0.99).TotalMilliseconds / seeds;
            energy += result.EnergyPerTokenJoules / seeds;
            power += result.ServingAveragePowerWatts / seeds;
            batch += result.AverageBatchSize / seeds;
            preemptions += (double)result.Preemptions / seeds;
            peakKv = Math.Max(peakKv, result.PeakKvShare);
        }

        return new SimulatedRow(row, fitted, null, itl, p99, energy, power, batch, preemptions, peakKv);
    }

    public static void PrintTable(IEnumerable<SimulatedRow> rows, TextWriter output)
    {
        output.WriteLine(
            "| task | model | GPUs | par. | max_num_seqs | batch sim/meas | median ITL ms sim / meas (err) "
                + "| p99 ITL ms sim / meas (err) | J/token sim / meas (err) | power W sim / meas (err) |"
        );
        output.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        foreach (var r in rows.Where(r => r.Covered))
        {
            var m = r.Measured;
            var par = m.ExpertParallel > 1 ? $"EP{m.ExpertParallel}" : $"TP{m.TensorParallel}";
            par += m.DataParallel > 1 ? $" DP{m.DataParallel}" : string.Empty;
            output.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {m.Task} | {m.ModelId}{(r.Fitted ? " (fit)" : string.Empty)} | {m.NumGpus}x{m.Gpu} | {par} "
                        + $"| {m.MaxNumSeqs} | {r.AvgBatchSize:F0}/{m.AvgBatchSize:F0} "
                        + $"| {r.MedianItlMs:F1} / {m.MedianItlMs:F1} ({Error(r.ItlError)}) "
                        + $"| {r.P99ItlMs:F1} / {m.P99ItlMs:F1} ({Error(r.P99Error)}) "
                        + $"| {r.EnergyPerTokenJoules:F3} / {m.EnergyPerTokenJoules:F3} ({Error(r.EnergyError)}) "
                        + $"| {r.AvgPowerWatts:F0} / {m.AvgPowerWatts:F0} ({Error(r.PowerError)}) |"
                )
            );
        }
    }

    public static string Error(double error) =>
        double.IsFinite(error) ? string.Create(CultureInfo.InvariantCulture, $"{error:+0%;-0%}") : "n/a";
}
