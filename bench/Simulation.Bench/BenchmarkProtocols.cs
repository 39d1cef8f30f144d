using System.Text.Json;
using MLEnergy.Simulation.Engine;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Bench;

/// <summary>
/// How the ML.ENERGY benchmark ran each measured row (<c>Data/benchmark-protocol.json</c>, from the benchmark's own
/// configurations): the task's distinct requests and the repeats at the row's max_num_seqs (the model's sweep
/// first, else the task's default sweep, else as few repeats as exceed max_num_seqs), and the engine settings its
/// vLLM server was started with where they differ from vLLM's defaults (gpu_memory_utilization, block size, the
/// Mamba layers' SSM state dtype, the CUDA graph mode), and the API server processes each task's configurations
/// start (three in all of them; only the multimodal processor's loops depend on it).
/// </summary>
internal sealed class BenchmarkProtocols
{
    private readonly Dictionary<string, (int Requests, int ApiServers, List<(int Repeats, int[] Seqs)> Sweeps)> tasks =
    [];
    private readonly Dictionary<(string Task, string Model, string Gpu), List<(int Repeats, int[] Seqs)>> models = [];
    private readonly Dictionary<(string Task, string Model, string Gpu), EngineSettings> settings = [];

    private BenchmarkProtocols(JsonElement root)
    {
        foreach (var task in root.GetProperty("tasks").EnumerateObject())
        {
            tasks[task.Name] = (
                task.Value.GetProperty("num_requests").GetInt32(),
                task.Value.TryGetProperty("api_servers", out var servers) ? servers.GetInt32() : 1,
                Sweeps(task.Value)
            );
        }

        foreach (var model in root.GetProperty("models").EnumerateArray())
        {
            var key = (Text(model, "task"), Text(model, "model"), Text(model, "gpu"));
            if (model.TryGetProperty("sweeps", out _))
            {
                models[key] = Sweeps(model);
            }

            settings[key] = new EngineSettings(
                model.TryGetProperty("gpu_memory_utilization", out var u) ? u.GetDouble() : null,
                model.TryGetProperty("block_size", out var b) ? b.GetInt32() : null,
                model.TryGetProperty("mamba_ssm_cache_dtype", out var d) ? DtypeBytes(d.GetString()!) : null,
                model.TryGetProperty("cudagraph_mode", out var g) ? Piecewise(g.GetString()!) : null
            );
        }
    }

    /// <summary>The protocols shipped with the bench.</summary>
    public static BenchmarkProtocols LoadDefault()
    {
        using var stream = typeof(BenchmarkProtocols).Assembly.GetManifestResourceStream(
            "MLEnergy.Simulation.Bench.Data.benchmark-protocol.json"
        )!;
        using var document = JsonDocument.Parse(stream);
        return new BenchmarkProtocols(document.RootElement);
    }

    /// <summary>The row's protocol; null for a task the file does not name.</summary>
    public BenchmarkProtocol? For(MeasuredRow row)
    {
        if (!tasks.TryGetValue(row.Task, out var task))
        {
            return null;
        }

        var repeats =
            (models.TryGetValue((row.Task, row.ModelId, row.Gpu), out var own) ? Find(own, row.MaxNumSeqs) : null)
            ?? Find(task.Sweeps, row.MaxNumSeqs)
            ?? (row.MaxNumSeqs / task.Requests) + 1;
        return new BenchmarkProtocol(task.Requests, repeats, task.ApiServers);
    }

    /// <summary>
    /// The engine constants the row's server ran with: <paramref name="calibration"/> with the row's
    /// gpu_memory_utilization, block size, Mamba SSM state dtype and CUDA graph mode where its configuration set them.
    /// </summary>
    public EngineCalibration SettingsFor(MeasuredRow row, EngineCalibration calibration) =>
        settings.TryGetValue((row.Task, row.ModelId, row.Gpu), out var set)
            ? calibration with
            {
                GpuMemoryUtilization = set.Utilization ?? calibration.GpuMemoryUtilization,
                KvBlockTokens = set.Block ?? calibration.KvBlockTokens,
                MambaSsmStateBytes = set.SsmStateBytes ?? calibration.MambaSsmStateBytes,
                PiecewiseDecodeGraphs = set.PiecewiseDecode ?? calibration.PiecewiseDecodeGraphs,
            }
            : calibration;

    private static int? Find(List<(int Repeats, int[] Seqs)> sweeps, int maxNumSeqs) =>
        sweeps.Where(s => s.Seqs.Contains(maxNumSeqs)).Select(s => (int?)s.Repeats).LastOrDefault();

    private static List<(int Repeats, int[] Seqs)> Sweeps(JsonElement element) =>
        [
            .. element
                .GetProperty("sweeps")
                .EnumerateArray()
                .Select(s =>
                    (
                        s.GetProperty("repeats").GetInt32(),
                        s.GetProperty("max_num_seqs").EnumerateArray().Select(v => v.GetInt32()).ToArray()
                    )
                ),
        ];

    private static string Text(JsonElement element, string name) => element.GetProperty(name).GetString()!;

    /// <summary>Bytes per element of a vLLM cache dtype as its configurations spell it.</summary>
    private static int DtypeBytes(string dtype) =>
        dtype switch
        {
            "float32" => 4,
            "bfloat16" or "float16" => 2,
            _ => throw new InvalidDataException($"benchmark-protocol.json: unknown mamba_ssm_cache_dtype '{dtype}'"),
        };

    /// <summary>Whether a vLLM cudagraph_mode runs decode-only steps with piecewise graphs (PIECEWISE) or one full
    /// graph (FULL_AND_PIECEWISE, vLLM 0.11's default).</summary>
    private static bool Piecewise(string mode) =>
        mode switch
        {
            "PIECEWISE" => true,
            "FULL_AND_PIECEWISE" => false,
            _ => throw new InvalidDataException($"benchmark-protocol.json: unknown cudagraph_mode '{mode}'"),
        };

    private sealed record EngineSettings(double? Utilization, int? Block, int? SsmStateBytes, bool? PiecewiseDecode);
}
