namespace MLEnergy.Simulation.Hardware;

/// <summary>
/// How this GPU kind's serving engine does against the engine's constants (fitted on the H100): the achieved
/// fraction of peak bandwidth and compute, the host's fixed per-step overheads, and the rate and fixed length of the
/// host's stalls, each as a ratio (1 = as on the H100).
/// </summary>
/// <param name="Overhead">The host's fixed overheads of a step (the step's own, a prompt step's per layer, piecewise
/// graphs' per attention layer, an eager encoder's per layer), as a ratio of the H100 host's: launches and
/// synchronisation with the GPU. A step's overhead per scheduled sequence (the engine's pass over the batch:
/// scheduling, input preparation, output processing; the same code on the same batch) is the engine's on every GPU
/// kind, as is a stall's.</param>
/// <param name="Stall">Fixed length of a host stall on a one-GPU replica (the pause itself), as a ratio of the H100
/// host's. One GPU: the model runs in the server's engine process, whose pauses (garbage collector, detokenizer,
/// scheduler) the GPU waits out whole. A stall's part per scheduled sequence (the engine's pass over the batch: the
/// same code on the same batch) is the engine's on every GPU kind.</param>
/// <param name="MultiGpuStall">Fixed length of a host stall on a replica of several GPUs (the model runs in worker
/// processes of their own, which the engine process's pauses reach only in part), as a ratio of the H100 host's
/// one-GPU stall; null = <see cref="Stall"/> times the engine's multi-GPU share.</param>
/// <param name="StallRate">How often the host stalls, as a ratio of the H100 host's rate.</param>
/// <param name="EncoderAttention">The vision encoder's attention rate as a share of what the engine's attention
/// efficiency gives at this GPU's peak, as a ratio of the H100's share: below 1 where vLLM 0.11 runs the encoder's
/// attention with kernels that reach less of this GPU's peak than the language model's attention does (on the B200,
/// FlashAttention-2-class kernels that run at the H100's rate, not at the B200's peak; see <c>gpus.json</c>).</param>
public sealed record AchievedScale(
    double Bandwidth = 1,
    double Compute = 1,
    double Overhead = 1,
    double Stall = 1,
    double? MultiGpuStall = null,
    double StallRate = 1,
    double EncoderAttention = 1
)
{
    public static AchievedScale Same { get; } = new();
}
