namespace MLEnergy.Integration.Tests.Serving;

/// <summary>Writes small sim-server search spaces for tests: short warm-up and windows, a few knob values.</summary>
internal static class ServingSpace
{
    /// <summary>
    /// The trial section every test space shares: one second of warm-up, a three-second window (the validity gate's
    /// shortest window lowered to one second to allow it).
    /// </summary>
    public const string ShortTrial =
        "trial:\n  warmup: 1s\n  window: 3s\n  max_window: 8s\n  min_window: 1s\n  drain: 3s\n"
        + "  input_tokens: { min: 16, max: 64 }\n  output_tokens: { min: 8, max: 24 }";

    public static string Write(
        string path,
        string knobs,
        string baseline,
        string command,
        string extraServer = "",
        string trial = ""
    )
    {
        File.WriteAllText(
            path,
            $$"""
            name: test-serving
            model: Qwen/Qwen3-8B
            load: concurrency:32
            knobs:
            {{knobs}}
            baseline: {{baseline}}
            server:
              command: {{command}}
              start_timeout: 60s
              stop_grace: 5s
              energy_metric: mlenergy_sim_gpu_energy_millijoules
            {{extraServer}}
            {{ShortTrial}}
            {{trial}}
            """
        );
        return path;
    }

    public const string SimServer =
        "[\"{mlenergy}\", \"sim-server\", \"--model\", \"{model}\", \"--max-num-seqs\", \"{max_num_seqs}\", "
        + "\"--port\", \"{port}\"]";

    public const string BatchKnob = """
          - name: max_num_seqs
            kind: server_batch_size
            values: [16, 64]
        """;

    /// <summary>Whether any process on this host has <paramref name="marker"/> among its arguments.</summary>
    public static bool AnyProcessWith(string marker) =>
        Directory
            .EnumerateDirectories("/proc")
            .Any(d =>
            {
                try
                {
                    return File.ReadAllText(Path.Combine(d, "cmdline")).Split('\0').Contains(marker);
                }
                catch (IOException)
                {
                    return false;
                }
                catch (UnauthorizedAccessException)
                {
                    return false;
                }
            });
}
