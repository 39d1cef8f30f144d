using MLEnergy.Recommender.Knobs;

namespace MLEnergy.Runtime.Replay;

/// <summary>
/// The knob names of published tables and what kind of knob each is. The simulated diffusion host takes the
/// diffusion names as they are, so that one space runs on both.
/// </summary>
public static class ReplayKnobs
{
    public const string GpuModel = "gpu_model";
    public const string NumGpus = "num_gpus";

    /// <summary>Images or videos per batch (diffusion).</summary>
    public const string BatchSize = "batch_size";

    /// <summary>Ulysses sequence-parallel degree: GPUs that split the heads with all-to-alls (diffusion).</summary>
    public const string UlyssesDegree = "ulysses_degree";

    /// <summary>Ring-attention degree: GPUs that pass key-value blocks round a ring (diffusion).</summary>
    public const string RingDegree = "ring_degree";

    public static KnobKind KindOf(string knob) =>
        knob switch
        {
            GpuModel or NumGpus => KnobKind.Hardware,
            "tensor_parallel" => KnobKind.TensorParallel,
            "data_parallel" => KnobKind.Replicas,
            "max_num_seqs" or BatchSize => KnobKind.ServerBatchSize,
            _ => KnobKind.ServerArgument,
        };
}
