using System.Globalization;
using MLEnergy.Simulation.Diffusion;

namespace MLEnergy.Simulation.Bench;

/// <summary>
/// Fits one GPU kind's diffusion pipeline costs to one image model's rows on that GPU kind: coordinate search with
/// shrinking steps on the mean squared log error of batch latency and energy per image over every row.
/// </summary>
internal static class DiffusionCalibrator
{
    /// <param name="decode">Decode seconds per megapixel held fixed (another GPU kind's); null fits it.</param>
    public static void Fit(
        DiffusionHost host,
        string folder,
        string gpuName,
        string modelId,
        double? decode,
        TextWriter output
    )
    {
        var gpu = host.Gpus.Get(gpuName);
        var rows = MeasuredDiffusionRow
            .LoadFolder(folder)
            .Where(r =>
                host.Gpus.TryGet(r.Config.GpuKind, out var g)
                && g!.Id == gpu.Id
                && string.Equals(r.Config.ModelId, modelId, StringComparison.OrdinalIgnoreCase)
            )
            .ToList();
        if (rows.Count == 0)
        {
            output.WriteLine($"no rows of {modelId} on {gpu.Id}");
            return;
        }

        double[] x = [1, decode ?? 0, 0];
        double[] step = [0.2, decode is null ? 0.5 : 0, 1e-4];
        double[] low = [0.1, 0, 0];
        double[] high = [1, 10, 0.01];
        var best = Loss(host, rows, gpu.Id, modelId, x);
        for (var round = 0; round < 60; round++)
        {
            var improved = false;
            for (var i = 0; i < x.Length; i++)
            {
                foreach (var sign in new[] { 1.0, -1.0 })
                {
                    var trial = (double[])x.Clone();
                    trial[i] = Math.Clamp(trial[i] + (sign * step[i]), low[i], high[i]);
                    var loss = Loss(host, rows, gpu.Id, modelId, trial);
                    if (loss < best)
                    {
                        (best, x, improved) = (loss, trial, true);
                    }
                }
            }

            if (!improved)
            {
                step = [.. step.Select(s => s / 2)];
            }
        }

        var c = CultureInfo.InvariantCulture;
        output.WriteLine(string.Create(c, $"{gpu.Id} on {modelId} ({rows.Count} rows): tensor_share {x[0]:F4},"));
        output.WriteLine(
            string.Create(c, $"  decode_seconds_per_megapixel {x[1]:F4}, collective_latency_seconds {x[2]:E3};")
        );
        output.WriteLine(string.Create(c, $"  rms log error {Math.Sqrt(best):F3}"));
    }

    private static double Loss(
        DiffusionHost host,
        List<MeasuredDiffusionRow> rows,
        string gpu,
        string modelId,
        double[] x
    )
    {
        var candidate = host.With(host.Pipeline.With(new DiffusionPipelineCosts(gpu, modelId, x[0], x[1], x[2])));
        var sum = 0.0;
        foreach (var row in rows)
        {
            var sim = candidate.Run(row.Config);
            sum += Math.Pow(Math.Log(sim.BatchLatency.TotalSeconds / row.LatencySeconds), 2);
            sum += Math.Pow(Math.Log(sim.EnergyPerOutputJoules / row.EnergyPerOutputJoules), 2);
        }

        return sum / (2 * rows.Count);
    }
}
