using System.Text.Json;
using MLEnergy.Simulation.Diffusion;

namespace MLEnergy.Simulation.Bench;

/// <summary>One ML.ENERGY v3 text-to-image or text-to-video row: its configuration and what was measured.</summary>
internal sealed record MeasuredDiffusionRow(
    string Task,
    DiffusionServingConfig Config,
    double LatencySeconds,
    double EnergyPerOutputJoules,
    double PowerWatts
)
{
    public static readonly string[] Tasks = ["text-to-image", "text-to-video"];

    public static List<MeasuredDiffusionRow> LoadFolder(string folder)
    {
        var rows = new List<MeasuredDiffusionRow>();
        foreach (var task in Tasks)
        {
            var path = Path.Combine(folder, task + ".json");
            if (!File.Exists(path))
            {
                continue;
            }

            using var document = JsonDocument.Parse(File.ReadAllText(path));
            var energyKey = task == "text-to-image" ? "energy_per_image_joules" : "energy_per_video_joules";
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
                rows.Add(
                    new(
                        task,
                        config,
                        row.GetProperty("batch_latency_s").GetDouble(),
                        row.GetProperty(energyKey).GetDouble(),
                        row.GetProperty("avg_power_watts").GetDouble()
                    )
                );
            }
        }

        return rows;
    }

    /// <summary>Whether the row's model is the one the pipeline costs of its GPU kind were fitted on.</summary>
    public bool IsFitted(DiffusionHost host) =>
        host.Gpus.TryGet(Config.GpuKind, out var gpu)
        && host.Pipeline.Fitted.Any(c =>
            c.Gpu == gpu!.Id && string.Equals(c.FittedOn, Config.ModelId, StringComparison.OrdinalIgnoreCase)
        );
}
