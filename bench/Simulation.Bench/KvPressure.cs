using System.Collections.Concurrent;
using System.Globalization;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Bench;

/// <summary>
/// Whether the v3 rows' long inter-token tails sit where the KV cache runs out (preemption). For each LLM row, run
/// as the benchmark ran it (one seed): its KV pressure, max_num_seqs × (mean prompt + mean output tokens as the
/// simulator draws them) over the simulator's KV cache in tokens; the largest share of the cache the simulated
/// engine held and how often it preempted; beside the measured tail (p99 / median ITL) and the simulated p99's
/// error, by task class and pressure band, by the simulated peak share, and the rows with the longest measured p99.
/// </summary>
internal static class KvPressure
{
    private const int LengthDraws = 4000;

    public static void Run(SimulatedHost host, IReadOnlyList<MeasuredRow> rows, TextWriter output)
    {
        var protocols = BenchmarkProtocols.LoadDefault();
        var results = new ConcurrentBag<(double Pressure, SimulatedRow Row)>();
        var footprints = new ConcurrentBag<Footprint>();
        Parallel.For(
            0,
            rows.Count,
            i =>
            {
                var row = rows[i];
                var footprint = FootprintOf(host, row);
                if (footprint is null)
                {
                    return;
                }

                var pressure = footprint.Pressure;

                var runHost = new SimulatedHost(host.Gpus, host.Models, protocols.SettingsFor(row, host.Calibration));
                var simulated = Comparison.Simulate(runHost, row, 1, protocol: protocols.For(row));
                if (simulated.Covered)
                {
                    results.Add((pressure, simulated));
                    footprints.Add(footprint with { Row = simulated });
                }
            }
        );
        var pooled = results
            .SelectMany(r => new[] { (Class: ClassOf(r.Row.Measured), r), (Class: PoolOf(r.Row.Measured), r) })
            .ToList();
        output.WriteLine($"{results.Count} v3 LLM rows, one seed each");
        output.WriteLine();
        WriteBands(
            "class | KV pressure",
            pooled.GroupBy(x => (x.Class, Band: PressureBand(x.r.Pressure)), x => x.r.Row),
            output
        );
        output.WriteLine();
        WriteBands(
            "class | simulated peak KV share",
            pooled
                .Where(x => x.Class.StartsWith("all", StringComparison.Ordinal))
                .GroupBy(x => (x.Class, Band: ShareBand(x.r.Row.PeakKvShare)), x => x.r.Row),
            output
        );
        output.WriteLine();
        output.WriteLine(
            "| row | KV pressure | peak KV share | preemptions | batch sim / meas | p99 ITL ms sim / meas |"
        );
        output.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var (pressure, r) in results.OrderByDescending(r => r.Row.Measured.P99ItlMs).Take(15))
        {
            output.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {r.Measured} | {pressure:F2} | {r.PeakKvShare:P0} | {r.Preemptions:F0} "
                        + $"| {r.AvgBatchSize:F0} / {r.Measured.AvgBatchSize:F0} "
                        + $"| {r.P99ItlMs:F0} / {r.Measured.P99ItlMs:F0} |"
                )
            );
        }
        output.WriteLine();
        WriteShortBatches(footprints, output);
    }

    /// <summary>
    /// The rows whose simulated running batch is more than 10 % short of the measured one, beside what holding the
    /// measured batch asks of the KV cache: the measured batch × (mean prompt + half the mean output), and × half the
    /// mean output alone (every prompt shared), against the simulator's KV cache (vLLM's rule) and against the
    /// ceiling no rule can pass, the whole memory of the GPUs less the weights, in the model's KV bytes per token.
    /// </summary>
    private static void WriteShortBatches(IEnumerable<Footprint> footprints, TextWriter output)
    {
        output.WriteLine(
            "| row short of its measured batch | batch sim / meas | KV cache tokens (sim) | ceiling tokens "
                + "| meas. batch × (prompt + output/2) | meas. batch × output/2 | over the ceiling |"
        );
        output.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (
            var f in footprints
                .Where(f => f.Row!.AvgBatchSize < 0.9 * f.Row.Measured.AvgBatchSize)
                .OrderBy(f => f.Row!.Measured.ToString(), StringComparer.Ordinal)
        )
        {
            var batch = f.Row!.Measured.AvgBatchSize;
            var whole = batch * (f.MeanPrompt + (f.MeanOutput / 2));
            var outputs = batch * f.MeanOutput / 2;
            output.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {f.Row.Measured} | {f.Row.AvgBatchSize:F0} / {batch:F0} | {f.CapacityTokens:N0} "
                        + $"| {f.CeilingTokens:N0} | {whole:N0} | {outputs:N0} | {whole / f.CeilingTokens:F2} × |"
                )
            );
        }
    }

    private static void WriteBands(
        string header,
        IEnumerable<IGrouping<(string Class, string Band), SimulatedRow>> groups,
        TextWriter output
    )
    {
        output.WriteLine(
            $"| {header} | n | measured p99 / median (median row) | p99 error: median abs. (bias) "
                + "| rows that preempt | measured p99 ≥ 5 × median |"
        );
        output.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        foreach (var group in groups.OrderBy(g => g.Key.Class).ThenBy(g => g.Key.Band))
        {
            var ratio = Median(group.Select(r => r.Measured.P99ItlMs / r.Measured.MedianItlMs));
            var abs = Median(group.Select(r => Math.Abs(r.P99Error)));
            var bias = Median(group.Select(r => r.P99Error));
            output.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"| {group.Key.Class} | {group.Key.Band[2..]} | {group.Count()} | {ratio:F1} "
                        + $"| {abs:P0} ({bias:+0%;-0%}) | {group.Count(r => r.Preemptions > 0)} "
                        + $"| {group.Count(r => r.Measured.P99ItlMs >= 5 * r.Measured.MedianItlMs)} |"
                )
            );
        }
    }

    private static Footprint? FootprintOf(SimulatedHost host, MeasuredRow row)
    {
        if (
            !host.Gpus.TryGet(row.Gpu, out var gpu)
            || !host.Models.TryGet(row.ModelId, out var model)
            || !Workloads.TryParse(row.Task, out var workload)
        )
        {
            return null;
        }

        var config = new SimulatedServingConfig(
            row.ModelId,
            gpu!.Id,
            row.NumGpus,
            1,
            row.MaxNumSeqs,
            HostGpuCount: row.NumGpus,
            ExpertParallel: row.ExpertParallel > 1
        );
        var lengths = workload!.LengthsFor(model!, double.IsFinite(row.AvgOutputTokens) ? row.AvgOutputTokens : null);
        var random = new Random(1);
        double prompt = 0,
            outputTokens = 0;
        for (var i = 0; i < LengthDraws; i++)
        {
            prompt += lengths.Prompt.Sample(random);
            outputTokens += lengths.Output.Sample(random);
        }

        var cost = host.CostOf(config, model!, gpu, lengths);
        var ceiling = (gpu.MemoryBytes - cost.WeightBytesPerGpu) / cost.CacheBytesPerTokenPerGpu;
        var meanPrompt = prompt / LengthDraws;
        var meanOutput = outputTokens / LengthDraws;
        var pressure = row.MaxNumSeqs * (meanPrompt + meanOutput) / cost.KvCapacityTokens;
        return double.IsFinite(pressure)
            ? new Footprint(pressure, meanPrompt, meanOutput, cost.KvCapacityTokens, ceiling, null)
            : null;
    }

    /// <summary>What a row's sequences ask of the KV cache and what the cache holds (tokens).</summary>
    private sealed record Footprint(
        double Pressure,
        double MeanPrompt,
        double MeanOutput,
        long CapacityTokens,
        double CeilingTokens,
        SimulatedRow? Row
    );

    private static string ClassOf(MeasuredRow row) =>
        (row.Gpu.Contains("B200", StringComparison.Ordinal) ? "B200 " : "H100 ") + row.Task;

    private static string PoolOf(MeasuredRow row) =>
        row.Task == "lm-arena-chat" ? "all lm-arena-chat" : "all other tasks";

    private static string PressureBand(double pressure) =>
        pressure < 0.8 ? "a < 0.8"
        : pressure <= 1 ? "b 0.8–1"
        : "c > 1";

    private static string ShareBand(double share) =>
        share < 0.5 ? "a < 50 %"
        : share < 0.8 ? "b 50–80 %"
        : share < 0.97 ? "c 80–97 %"
        : "d ≥ 97 %";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        return sorted.Length == 0 ? double.NaN : sorted[sorted.Length / 2];
    }
}
