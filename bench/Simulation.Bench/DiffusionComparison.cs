using System.Globalization;
using MLEnergy.Simulation.Diffusion;

namespace MLEnergy.Simulation.Bench;

/// <summary>
/// The ML.ENERGY v3 text-to-image and text-to-video rows against the simulated diffusion server: coverage, the
/// median and worst errors of batch latency, energy per output and power, apart for the rows of the one image model
/// per GPU kind the pipeline costs were fitted on and for every other row (predictions); each model's median bias;
/// the worst rows; and the whole table.
/// </summary>
internal static class DiffusionComparison
{
    private sealed record Compared(MeasuredDiffusionRow Row, DiffusionTrialResult Sim, bool Fitted)
    {
        public double Lat => (Sim.BatchLatency.TotalSeconds / Row.LatencySeconds) - 1;

        public double Energy => (Sim.EnergyPerOutputJoules / Row.EnergyPerOutputJoules) - 1;

        public double Power => (Sim.AveragePowerWatts / Row.PowerWatts) - 1;

        public double Worst => Math.Max(Math.Abs(Lat), Math.Max(Math.Abs(Energy), Math.Abs(Power)));

        public string Gpu => Row.Config.GpuKind;
    }

    public static void Run(DiffusionHost host, string folder, TextWriter output, bool table = true)
    {
        var c = CultureInfo.InvariantCulture;
        var rows = MeasuredDiffusionRow.LoadFolder(folder);
        var results = rows.Select(r =>
                (Row: r, Sim: host.Models.TryGet(r.Config.ModelId, out _) ? host.Run(r.Config) : null)
            )
            .ToList();
        output.WriteLine("| task | rows | simulated | coverage |");
        output.WriteLine("| --- | --- | --- | --- |");
        foreach (var group in results.GroupBy(r => r.Row.Task))
        {
            var covered = group.Count(r => r.Sim is { Feasible: true });
            var share = (double)covered / group.Count();
            output.WriteLine(string.Create(c, $"| {group.Key} | {group.Count()} | {covered} | {share:P0} |"));
        }

        var compared = results
            .Where(r => r.Sim is { Feasible: true })
            .Select(r => new Compared(r.Row, r.Sim!, r.Row.IsFitted(host)))
            .ToList();
        output.WriteLine();
        output.WriteLine("Fitted on (one image model per GPU kind, `diffusion-engine.json`):");
        foreach (var costs in host.Pipeline.Fitted)
        {
            output.WriteLine(
                string.Create(
                    c,
                    $"- {costs.Gpu}: {costs.FittedOn} (tensor share {costs.TensorShare:F3}, decode "
                        + $"{costs.DecodeSecondsPerMegapixel:F3} s/Mpixel, "
                        + $"{costs.CollectiveLatencySeconds * 1e6:F0} µs "
                        + $"per exchange)"
                )
            );
        }

        output.WriteLine();
        output.WriteLine(
            "| rows | n | batch latency: median / worst abs. error | energy per output | power "
                + "| all three within ±25 % / ±35 % |"
        );
        output.WriteLine("| --- | --- | --- | --- | --- | --- |");
        var groups = new List<(string Name, List<Compared> Rows)> { ("fitted", [.. compared.Where(r => r.Fitted)]) };
        groups.AddRange(
            compared.Where(r => r.Fitted).GroupBy(r => r.Gpu).Select(g => ($"fitted, {g.Key}", g.ToList()))
        );
        groups.AddRange(
            compared.Where(r => !r.Fitted).GroupBy(r => r.Row.Task).Select(g => ($"predicted, {g.Key}", g.ToList()))
        );
        groups.AddRange(
            compared
                .Where(r => !r.Fitted)
                .GroupBy(r => (r.Gpu, r.Row.Task))
                .OrderBy(g => g.Key)
                .Select(g => ($"predicted, {g.Key.Gpu} {g.Key.Task}", g.ToList()))
        );
        foreach (var (name, list) in groups.Where(g => g.Rows.Count > 0))
        {
            var within25 = (double)list.Count(r => r.Worst <= 0.25) / list.Count;
            var within35 = (double)list.Count(r => r.Worst <= 0.35) / list.Count;
            output.WriteLine(
                string.Create(
                    c,
                    $"| {name} | {list.Count} | {Stats(list.Select(e => e.Lat))} | {Stats(list.Select(e => e.Energy))} "
                        + $"| {Stats(list.Select(e => e.Power))} | {within25:P0} / {within35:P0} |"
                )
            );
        }

        output.WriteLine();
        output.WriteLine("Median signed error per model and GPU kind (latency / energy per output / power):");
        output.WriteLine();
        output.WriteLine("| model | GPU | n | latency | energy | power |");
        output.WriteLine("| --- | --- | --- | --- | --- | --- |");
        foreach (var g in compared.GroupBy(r => (r.Row.Config.ModelId, r.Gpu)).OrderBy(g => g.Key))
        {
            var list = g.ToList();
            var fitted = list[0].Fitted ? " (fitted)" : "";
            output.WriteLine(
                string.Create(
                    c,
                    $"| {g.Key.ModelId}{fitted} | {g.Key.Gpu} | {list.Count} | {Median(list.Select(r => r.Lat))} "
                        + $"| {Median(list.Select(r => r.Energy))} | {Median(list.Select(r => r.Power))} |"
                )
            );
        }

        output.WriteLine();
        output.WriteLine("Worst rows:");
        foreach (var e in compared.OrderByDescending(e => e.Worst).Take(8))
        {
            output.WriteLine(
                $"- {Describe(e.Row)}: latency {Signed(e.Lat)}, "
                    + $"energy {Signed(e.Energy)}, power {Signed(e.Power)}"
            );
        }

        if (table)
        {
            output.WriteLine();
            output.WriteLine(
                "| task | model | GPUs | Ulysses × ring | batch | latency s sim / meas (err) "
                    + "| J per output sim / meas (err) | power W sim / meas (err) |"
            );
            output.WriteLine("| --- | --- | --- | --- | --- | --- | --- | --- |");
            foreach (var r in compared)
            {
                var s = r.Sim;
                output.WriteLine(
                    string.Create(
                        c,
                        $"| {r.Row.Task} | {s.Config.ModelId} | {s.Config.GpuCount}x{s.Config.GpuKind} "
                            + $"| {s.Config.UlyssesDegree} × {s.Config.RingDegree} | {s.Config.BatchSize} "
                            + $"| {s.BatchLatency.TotalSeconds:F2} / {r.Row.LatencySeconds:F2} ({Signed(r.Lat)}) "
                            + $"| {s.EnergyPerOutputJoules:F0} / {r.Row.EnergyPerOutputJoules:F0} "
                            + $"({Signed(r.Energy)}) "
                            + $"| {s.AveragePowerWatts:F0} / {r.Row.PowerWatts:F0} ({Signed(r.Power)}) |"
                    )
                );
            }
        }
    }

    private static string Describe(MeasuredDiffusionRow row) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{row.Task} {row.Config.ModelId} {row.Config.GpuCount}x{row.Config.GpuKind} U{row.Config.UlyssesDegree}"
                + $" R{row.Config.RingDegree} batch {row.Config.BatchSize}"
        );

    /// <summary>A signed error in whole percent; one that rounds to zero reads +0%.</summary>
    private static string Signed(double error) => Comparison.Error(Math.Round(error, 2) + 0.0);

    private static string Median(IEnumerable<double> errors)
    {
        var signed = errors.Order().ToList();
        return Signed(signed[signed.Count / 2]);
    }

    private static string Stats(IEnumerable<double> errors)
    {
        var list = errors.ToList();
        var abs = list.Select(Math.Abs).Order().ToList();
        var signed = list.Order().ToList();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{abs[abs.Count / 2]:P0} / {abs[^1]:P0} (bias {Signed(signed[signed.Count / 2])})"
        );
    }
}
