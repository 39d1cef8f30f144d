using System.Globalization;
using System.Text.Json;
using MLEnergy.Simulation.Diffusion;

namespace MLEnergy.Simulation.Bench;

/// <summary>
/// The ML.ENERGY v3 text-to-image and text-to-video rows against the simulated diffusion server: coverage, the
/// median and worst errors of batch latency, energy per output and power (all predictions: nothing is fitted
/// on diffusion rows), the worst rows, and the whole table.
/// </summary>
internal static class DiffusionComparison
{
    private static readonly string[] Tasks = ["text-to-image", "text-to-video"];

    public static void Run(DiffusionHost host, string folder, TextWriter output, bool table = true)
    {
        var c = CultureInfo.InvariantCulture;
        var results =
            new List<(
                string Task,
                JsonElement Row,
                DiffusionTrialResult? Sim,
                double Lat,
                double Energy,
                double Power
            )>();
        var documents = new List<JsonDocument>();
        foreach (var task in Tasks)
        {
            var path = Path.Combine(folder, task + ".json");
            if (!File.Exists(path))
            {
                continue;
            }

            var document = JsonDocument.Parse(File.ReadAllText(path));
            documents.Add(document);
            foreach (var row in document.RootElement.GetProperty("configurations").EnumerateArray())
            {
                var config = new DiffusionServingConfig(
                    row.GetProperty("model_id").GetString()!,
                    row.GetProperty("gpu_model").GetString()!,
                    row.GetProperty("batch_size").GetInt32(),
                    row.GetProperty("ulysses_degree").GetInt32(),
                    row.GetProperty("ring_degree").GetInt32(),
                    Steps: row.GetProperty("inference_steps").GetInt32()
                );
                var energyKey = task == "text-to-image" ? "energy_per_image_joules" : "energy_per_video_joules";
                var sim = host.Models.TryGet(config.ModelId, out _) ? host.Run(config) : null;
                results.Add(
                    (
                        task,
                        row,
                        sim is { Feasible: true } ? sim : null,
                        row.GetProperty("batch_latency_s").GetDouble(),
                        row.GetProperty(energyKey).GetDouble(),
                        row.GetProperty("avg_power_watts").GetDouble()
                    )
                );
            }
        }

        output.WriteLine("| task | rows | simulated | coverage |");
        output.WriteLine("| --- | --- | --- | --- |");
        foreach (var group in results.GroupBy(r => r.Task))
        {
            var covered = group.Count(r => r.Sim is not null);
            var share = (double)covered / group.Count();
            output.WriteLine(string.Create(c, $"| {group.Key} | {group.Count()} | {covered} | {share:P0} |"));
        }

        output.WriteLine();
        output.WriteLine("| task | n | batch latency: median / worst abs. error | energy per output | power |");
        output.WriteLine("| --- | --- | --- | --- | --- |");
        var errors = results
            .Where(r => r.Sim is not null)
            .Select(r =>
                (
                    r.Task,
                    r.Row,
                    Lat: (r.Sim!.BatchLatency.TotalSeconds / r.Lat) - 1,
                    Energy: (r.Sim.EnergyPerOutputJoules / r.Energy) - 1,
                    Power: (r.Sim.AveragePowerWatts / r.Power) - 1
                )
            )
            .ToList();
        foreach (var group in errors.GroupBy(e => e.Task))
        {
            var list = group.ToList();
            output.WriteLine(
                string.Create(
                    c,
                    $"| {group.Key} | {list.Count} | {Stats(list.Select(e => e.Lat))} "
                        + $"| {Stats(list.Select(e => e.Energy))} "
                        + $"| {Stats(list.Select(e => e.Power))} |"
                )
            );
        }

        output.WriteLine();
        output.WriteLine("Worst rows:");
        foreach (
            var e in errors
                .OrderByDescending(e => Math.Max(Math.Abs(e.Lat), Math.Max(Math.Abs(e.Energy), Math.Abs(e.Power))))
                .Take(8)
        )
        {
            output.WriteLine(
                $"- {Describe(e.Task, e.Row)}: latency {Comparison.Error(e.Lat)}, "
                    + $"energy {Comparison.Error(e.Energy)}, power {Comparison.Error(e.Power)}"
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
            foreach (var r in results.Where(r => r.Sim is not null))
            {
                var s = r.Sim!;
                var latency = s.BatchLatency.TotalSeconds;
                output.WriteLine(
                    string.Create(
                        c,
                        $"| {r.Task} | {s.Config.ModelId} | {s.Config.GpuCount}x{s.Config.GpuKind} "
                            + $"| {s.Config.UlyssesDegree} × {s.Config.RingDegree} | {s.Config.BatchSize} "
                            + $"| {latency:F2} / {r.Lat:F2} ({Comparison.Error((latency / r.Lat) - 1)}) "
                            + $"| {s.EnergyPerOutputJoules:F0} / {r.Energy:F0} "
                            + $"({Comparison.Error((s.EnergyPerOutputJoules / r.Energy) - 1)}) "
                            + $"| {s.AveragePowerWatts:F0} / {r.Power:F0} "
                            + $"({Comparison.Error((s.AveragePowerWatts / r.Power) - 1)}) |"
                    )
                );
            }
        }

        documents.ForEach(d => d.Dispose());
    }

    private static string Describe(string task, JsonElement row) =>
        string.Create(
            CultureInfo.InvariantCulture,
            $"{task} {row.GetProperty("model_id").GetString()} {row.GetProperty("num_gpus").GetInt32()}x"
                + $"{row.GetProperty("gpu_model").GetString()} U{row.GetProperty("ulysses_degree").GetInt32()}"
                + $" R{row.GetProperty("ring_degree").GetInt32()} batch {row.GetProperty("batch_size").GetInt32()}"
        );

    private static string Stats(IEnumerable<double> errors)
    {
        var list = errors.ToList();
        var abs = list.Select(Math.Abs).Order().ToList();
        var signed = list.Order().ToList();
        return string.Create(
            CultureInfo.InvariantCulture,
            $"{abs[abs.Count / 2]:P0} / {abs[^1]:P0} (bias {signed[signed.Count / 2]:+0%;-0%})"
        );
    }
}
