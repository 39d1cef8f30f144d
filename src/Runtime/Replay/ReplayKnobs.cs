using MLEnergy.Recommender.Knobs;

namespace MLEnergy.Runtime.Replay;

/// <summary>The knob names of published tables and what kind of knob each is.</summary>
public static class ReplayKnobs
{
    public const string GpuModel = "gpu_model";
    public const string NumGpus = "num_gpus";

    public static KnobKind KindOf(string knob) =>
        knob switch
        {
            GpuModel or NumGpus => KnobKind.Hardware,
            "tensor_parallel" => KnobKind.TensorParallel,
            "data_parallel" => KnobKind.Replicas,
            "max_num_seqs" or "batch_size" => KnobKind.ServerBatchSize,
            _ => KnobKind.ServerArgument,
        };
}
