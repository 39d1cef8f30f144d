using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using MLEnergy.Simulation;

namespace MLEnergy.Simulation.Bench;

/// <summary>
/// The full comparison with ML.ENERGY v3: every LLM row the simulator covers, simulated over several seeds, with
/// coverage, the median and worst errors of fitted and predicted rows, the worst rows, and the whole table.
/// </summary>
internal static class FidelityReport
{
    public static IReadOnlyList<SimulatedRow> Run(
        SimulatedHost host,
        IReadOnlyList<MeasuredRow> rows,
        int seeds,
        TextWriter output,
        bool table = true
    )
    {
        var watch = Stopwatch.StartNew();
        var results = new ConcurrentBag<(int Index, SimulatedRow Row)>();
        var protocols = BenchmarkProtocols.LoadDefault();
        Parallel.For(
            0,
            rows.Count,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            i =>
                results.Add(
                    (
                        i,
                        Comparison.Simulate(
                            AsRun(host, protocols, rows[i]),
                            rows[i],
                            seeds,
                            protocol: protocols.For(rows[i])
                        )
                    )
                )
        );
        var simulated = results.OrderBy(r => r.Index).Select(r => r.Row).ToList();
        var c = CultureInfo.InvariantCulture;
        output.WriteLine(
            string.Create(
                c,
                $"{rows.Count} v3 LLM rows, {seeds} seeds each, the benchmark's requests and steady-state window: "
                    + $"{watch.Elapsed.TotalSeconds:F0} s"
            )
        );
        WriteCoverage(simulated, output);
        WriteSummary(simulated, output);
        WritePromptStepTails(simulated, output);
        WriteWorst(simulated, output);
        if (table)
        {
            output.WriteLine();
            Comparison.PrintTable(
                simulated
                    .OrderBy(r => r.Measured.Task)
                    .ThenBy(r => r.Measured.ModelId)
                    .ThenBy(r => r.Measured.Gpu)
                    .ThenBy(r => r.Measured.NumGpus)
                    .ThenBy(r => r.Measured.MaxNumSeqs),
                output
            );
        }

        return simulated;
    }

    /// <summary>The host with the engine settings the row's server was started with.</summary>
    private static SimulatedHost AsRun(SimulatedHost host, BenchmarkProtocols protocols, MeasuredRow row)
    {
        var calibration = protocols.SettingsFor(row, host.Calibration);
        return calibration == host.Calibration ? host : new SimulatedHost(host.Gpus, host.Models, calibration);
    }

    private static void WriteCoverage(List<SimulatedRow> rows, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine("| task | rows | simulated | coverage |");
        output.WriteLine("| --- | --- | --- | --- |");
        foreach (var group in rows.GroupBy(r => r.Measured.Task).Append(rows.GroupBy(_ => "all LLM tasks").Single()))
        {
            var covered = group.Count(r => r.Covered);
            output.WriteLine(
                string.Create(
                    c,
                    $"| {group.Key} | {group.Count()} | {covered} | {(double)covered / group.Count():P0} |"
                )
            );
        }

        foreach (
            var reason in rows.Where(r => !r.Covered)
                .GroupBy(r => Shorten(r.Uncovered!))
                .OrderByDescending(g => g.Count())
        )
        {
            output.WriteLine(string.Create(c, $"- not simulated ({reason.Count()} rows): {reason.Key}"));
        }
    }

    private static void WriteSummary(List<SimulatedRow> rows, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(
            "| rows | n | median ITL: median / worst abs. error | p99 ITL | J/token | power | within ±25 % / ±35 % "
                + "(all four) |"
        );
        output.WriteLine("| --- | --- | --- | --- | --- | --- | --- |");
        var covered = rows.Where(r => r.Covered).ToList();
        var groups = new List<(string Name, List<SimulatedRow> Rows)>
        {
            ("fitted", [.. covered.Where(r => r.Fitted)]),
            ("fitted, H100", [.. covered.Where(r => r.Fitted && GpuName(r) == "H100")]),
            ("fitted, B200", [.. covered.Where(r => r.Fitted && GpuName(r) == "B200")]),
            ("predicted", [.. covered.Where(r => !r.Fitted)]),
            ("predicted, lm-arena-chat", [.. covered.Where(r => !r.Fitted && r.Measured.Task == "lm-arena-chat")]),
            ("predicted, other tasks", [.. covered.Where(r => !r.Fitted && r.Measured.Task != "lm-arena-chat")]),
        };
        groups.AddRange(
            covered
                .Where(r => !r.Fitted)
                .GroupBy(r => $"predicted, {GpuName(r)} {r.Measured.Task}")
                .OrderBy(g => g.Key, StringComparer.Ordinal)
                .Select(g => (g.Key, g.ToList()))
        );
        foreach (var (name, group) in groups.Where(g => g.Rows.Count > 0))
        {
            output.WriteLine(
                string.Create(
                    c,
                    $"| {name} | {group.Count} | {Stats(group, r => r.ItlError)} | {Stats(group, r => r.P99Error)} "
                        + $"| {Stats(group, r => r.EnergyError)} | {Stats(group, r => r.PowerError)} "
                        + $"| {(double)group.Count(r => r.WorstError <= 0.25) / group.Count:P0} / "
                        + $"{(double)group.Count(r => r.WorstError <= 0.35) / group.Count:P0} |"
                )
            );
        }
    }

    /// <summary>
    /// Rows where 1.2–6 % of the steps admit a request (measured batch over mean response length): their p99 falls on
    /// such steps, so p99 − median is what a step that admits one request adds. Median over a class's rows, measured
    /// against simulated.
    /// </summary>
    private static void WritePromptStepTails(List<SimulatedRow> rows, TextWriter output)
    {
        var c = CultureInfo.InvariantCulture;
        output.WriteLine();
        output.WriteLine(
            "What a step that admits a request adds (p99 − median ITL, ms, median of the rows where 1.2–6 % of "
                + "steps admit one):"
        );
        output.WriteLine();
        output.WriteLine("| rows | n | measured | simulated |");
        output.WriteLine("| --- | --- | --- | --- |");
        var admitting = rows.Where(r =>
                r.Covered
                && r.Measured.AvgBatchSize / r.Measured.AvgOutputTokens is >= 0.012 and <= 0.06
                && double.IsFinite(r.Measured.P99ItlMs)
            )
            .GroupBy(r => $"{GpuName(r)} {r.Measured.Task}, {Kind(r.Measured.ModelId)}")
            .OrderBy(g => g.Key, StringComparer.Ordinal);
        foreach (var group in admitting)
        {
            var measured = Median(group.Select(r => r.Measured.P99ItlMs - r.Measured.MedianItlMs));
            var simulated = Median(group.Select(r => r.P99ItlMs - r.MedianItlMs));
            output.WriteLine(string.Create(c, $"| {group.Key} | {group.Count()} | {measured:F1} | {simulated:F1} |"));
        }
    }

    private static string GpuName(SimulatedRow row) => row.Measured.Gpu.Contains("B200") ? "B200" : "H100";

    private static string Kind(string modelId) =>
        modelId.Contains("Nemotron", StringComparison.Ordinal) ? "Mamba hybrid"
        : modelId.Contains("Llama-4", StringComparison.Ordinal) ? "Llama 4"
        : modelId.Contains("-FP8", StringComparison.Ordinal) ? "FP8"
        : "other";

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Where(double.IsFinite).Order().ToList();
        return sorted.Count == 0 ? double.NaN : sorted[sorted.Count / 2];
    }

    private static void WriteWorst(List<SimulatedRow> rows, TextWriter output)
    {
        output.WriteLine();
        output.WriteLine("Worst predicted rows (largest error of the four metrics):");
        foreach (var row in rows.Where(r => r.Covered && !r.Fitted).OrderByDescending(r => r.WorstError).Take(12))
        {
            output.WriteLine(
                $"- {row.Measured}: ITL {Comparison.Error(row.ItlError)}, p99 {Comparison.Error(row.P99Error)}, "
                    + $"J/token {Comparison.Error(row.EnergyError)}, power {Comparison.Error(row.PowerError)}"
            );
        }
    }

    private static string Stats(List<SimulatedRow> rows, Func<SimulatedRow, double> error)
    {
        var values = rows.Select(r => Math.Abs(error(r))).Where(double.IsFinite).Order().ToList();
        if (values.Count == 0)
        {
            return "n/a";
        }

        var median = values[values.Count / 2];
        var signed = rows.Select(error).Where(double.IsFinite).Order().ToList();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{median:P0} / {values[^1]:P0} (bias {signed[signed.Count / 2]:+0%;-0%})"
        );
    }

    private static string Shorten(string reason)
    {
        var digits = new string([.. reason.Select(ch => char.IsDigit(ch) ? '#' : ch)]);
        return digits.Length > 110 ? digits[..110] + "…" : digits;
    }
}
