namespace MLEnergy.Integration.Tests.Serving;

/// <summary>Writes small spaces for a server that is already running: no launch command, short trials.</summary>
internal static class ExternalSpace
{
    public static string Write(string path, string knobs, string server = "", string trial = "")
    {
        File.WriteAllText(
            path,
            $$"""
            name: test-external
            model: Qwen/Qwen3-8B
            load: concurrency:32
            knobs:
            {{knobs}}
            server:
              endpoint: completions
            {{server}}
            {{ServingSpace.ShortTrial}}
            {{trial}}
            """
        );
        return path;
    }

    public const string PinnedBatch = """
          - name: max_num_seqs
            kind: server_batch_size
            values: [64]
        """;

    public const string SimEnergy = "  energy_metric: mlenergy_sim_gpu_energy_millijoules";
}
