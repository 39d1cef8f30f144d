using System.Diagnostics;
using System.Globalization;
using MLEnergy.Simulation;
using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Bench;

/// <summary>
/// How fast the simulator runs: generated tokens per wall second on one core, and a 500-configuration grid.
/// </summary>
internal static class SpeedBench
{
    public static void TokensPerSecond(SimulatedHost host, TextWriter output)
    {
        foreach (var batch in new[] { 8, 64, 256 })
        {
            var config = new SimulatedServingConfig("Qwen/Qwen3-8B", "H100-SXM-80GB", MaxNumSeqs: batch);
            host.Run(config, LoadSpec.Saturate, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(30), 1);
            var watch = Stopwatch.StartNew();
            var result = host.Run(config, LoadSpec.Saturate, TimeSpan.Zero, TimeSpan.FromSeconds(1200), 1);
            watch.Stop();
            output.WriteLine(
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"one core, Qwen3-8B max_num_seqs {batch}: {result.GeneratedTokens:N0} tokens in 1200 s "
                        + $"virtual, {watch.Elapsed.TotalMilliseconds:F0} ms wall = "
                        + $"{result.GeneratedTokens / watch.Elapsed.TotalSeconds:N0} tokens/s"
                )
            );
        }
    }

    public static void Grid(SimulatedHost host, TextWriter output)
    {
        var configs = GridConfigs().ToList();
        var watch = Stopwatch.StartNew();
        long tokens = 0;
        var feasible = 0;
        Parallel.ForEach(
            configs,
            new ParallelOptions { MaxDegreeOfParallelism = Environment.ProcessorCount },
            config =>
            {
                var result = host.Run(config, LoadSpec.Saturate, TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(60), 3);
                Interlocked.Add(ref tokens, result.GeneratedTokens);
                if (result.Feasible)
                {
                    Interlocked.Increment(ref feasible);
                }
            }
        );
        watch.Stop();
        output.WriteLine(
            string.Create(
                CultureInfo.InvariantCulture,
                $"grid: {configs.Count} configurations ({feasible} feasible) × (5 s warm-up + 60 s window), 8 GPUs "
                    + $"as 8/TP replicas, on {Environment.ProcessorCount} cores: {watch.Elapsed.TotalSeconds:F1} s "
                    + $"wall, {tokens:N0} tokens in windows"
            )
        );
    }

    private static IEnumerable<SimulatedServingConfig> GridConfigs()
    {
        var all = new List<SimulatedServingConfig>();
        for (var clock = 765; clock <= 1980; clock += 135)
        {
            foreach (var power in new[] { 300.0, 400, 500, 600, 700 })
            {
                foreach (var seqs in new[] { 8, 16, 32, 64, 128, 256, 512 })
                {
                    foreach (var tp in new[] { 1, 2, 4, 8 })
                    {
                        all.Add(
                            new SimulatedServingConfig("Qwen/Qwen3-8B", "H100-SXM-80GB", tp, 8 / tp, seqs, clock, power)
                        );
                    }
                }
            }
        }

        var random = new Random(42);
        return all.OrderBy(_ => random.Next()).Take(500);
    }
}
