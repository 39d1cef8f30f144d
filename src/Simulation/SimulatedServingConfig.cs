namespace MLEnergy.Simulation;

/// <summary>
/// One configuration of the simulated serving host: which model on which GPU kind, how the host's GPUs are
/// split (tensor-parallel degree × replicas), the server's batch cap, and the GPU knobs.
/// </summary>
/// <param name="ModelId">Hugging Face id from the model catalog, e.g. <c>Qwen/Qwen3-8B</c>.</param>
/// <param name="GpuKind">GPU kind id from the GPU catalog, e.g. <c>H100-SXM-80GB</c>.</param>
/// <param name="TensorParallel">GPUs per replica.</param>
/// <param name="Replicas">Independent server replicas; the load is split evenly among them.</param>
/// <param name="MaxNumSeqs">vLLM's max_num_seqs: the most sequences in one batch.</param>
/// <param name="SmClockCapMhz">Locked maximum SM clock; null = the GPU's maximum.</param>
/// <param name="PowerLimitWatts">Power management limit; null = the GPU's default.</param>
/// <param name="HostGpuCount">GPUs on the host; those no replica uses sit idle.</param>
/// <param name="ExpertParallel">Whole experts spread over the replica's GPUs (vLLM --enable-expert-parallel) instead of
/// every expert split by tensor parallelism; tokens are dispatched to them only across data-parallel ranks, a single
/// rank all-reduces the MoE output as tensor parallelism does.</param>
/// <param name="MaxModelLen">vLLM's --max-model-len; null = the workload's (16,384 unless it says otherwise).</param>
/// <param name="DataParallel">Data-parallel attention ranks of a replica (vLLM --data-parallel-size, with expert
/// parallelism): each rank of <paramref name="TensorParallel"/> GPUs has its own scheduler, KV cache, attention and
/// dense layers, and <paramref name="MaxNumSeqs"/> is each rank's; the experts spread over every GPU of every rank.
/// </param>
public sealed record SimulatedServingConfig(
    string ModelId,
    string GpuKind,
    int TensorParallel = 1,
    int Replicas = 1,
    int MaxNumSeqs = 256,
    int? SmClockCapMhz = null,
    double? PowerLimitWatts = null,
    int HostGpuCount = 8,
    bool ExpertParallel = false,
    int? MaxModelLen = null,
    int DataParallel = 1
)
{
    /// <summary>GPUs that serve (tensor-parallel degree × data-parallel ranks × replicas).</summary>
    public int ServingGpuCount => TensorParallel * DataParallel * Replicas;

    /// <summary>GPUs of one replica (tensor-parallel degree × data-parallel ranks).</summary>
    public int ReplicaGpuCount => TensorParallel * DataParallel;
}
