namespace MLEnergy.Simulation.Engine;

/// <summary>
/// The serving engine's constants (from <c>engine.json</c>): achieved fractions of peak compute and bandwidth,
/// per-step host overheads, the all-reduce's achieved bandwidth, and vLLM's memory and batching defaults.
/// </summary>
/// <param name="FittedOn">The measurements the free constants were fitted to; every other row is a prediction.</param>
/// <param name="RooflineExponent">How much a matmul's compute and memory time overlap: time =
/// (compute^n + memory^n)^(1/n); infinity = the plain roofline's maximum.</param>
/// <param name="MixedStepOverheadSecondsPerLayer">Extra time, per layer, of a step that carries prompt chunks (it runs
/// outside the decode-only CUDA graphs); a vision encoder's layers, run eagerly, cost as much each.</param>
/// <param name="HostStallsPerSecond">How often the serving host pauses while the GPUs wait (see
/// <see cref="HostStalls"/>).</param>
/// <param name="HostStallSeconds">Fixed length of one host stall.</param>
/// <param name="HostStallSecondsPerSequence">Length one host stall adds per sequence of the step it falls in.</param>
/// <param name="HostStallShareMultiGpu">A stall's length on a replica of several GPUs, as a share of a one-GPU
/// replica's (one GPU: the model runs in the server's engine process; several: in worker processes of their own).
/// </param>
/// <param name="MixedStepOverheadSecondsPerMoeLayer">Extra time, per mixture-of-experts layer, of a step that carries
/// prompt chunks, on top of the per-layer one (the routed experts' path: sorting the step's tokens by expert and the
/// grouped matmuls' launches, outside the CUDA graphs).</param>
/// <param name="EagerLayerOverheadSeconds">Time per layer of a step run eagerly, outside CUDA graphs: the diffusion
/// pipelines' denoising steps (their constants in <c>diffusion-engine.json</c> were fitted with it).</param>
/// <param name="MediaProcessingSecondsPerMegapixel">CPU time of the model's multimodal processor per million pixels
/// of a request's image (or of the video frames it keeps), run on the API server's event loop (see
/// <see cref="Load.ApiServerLoop"/>); 0 = not charged.</param>
/// <param name="PiecewiseDecodeSecondsPerAttentionLayer">Extra time, per attention layer, of a decode-only step run
/// with piecewise CUDA graphs (broken at every attention layer) instead of one full graph: what models whose attention
/// vLLM 0.11 cannot capture whole (chunked local attention) pay on every step.</param>
/// <param name="MambaSsmStateBytes">Bytes per element of the Mamba layers' SSM state (vLLM's
/// <c>--mamba-ssm-cache-dtype</c>: float32 = 4); 0 = the model's activation type, vLLM's default (<c>auto</c>).
/// </param>
/// <param name="CollectiveLatencySecondsOverFourGpus">Extra latency of one collective over a group of more than four
/// GPUs (eight on one NVLink switch), on top of the interconnect's latency (fitted on groups of two and four): vLLM's
/// custom all-reduce waits on every peer's flag, so its latency grows with the group.</param>
/// <param name="MoeDefaultTilingSlowdown">How much slower a GPU reads its bf16 experts' weights under expert
/// parallelism once the step's tokens outnumber its experts: vLLM's fused-MoE kernel has no tuned tiling for the
/// local shapes of expert parallelism and its default switches to large tiles there; 1 = not charged.</param>
/// <param name="FlashInferFp8Moe">Models whose runs on a GPU kind chose FlashInfer's FP8 MoE kernels
/// (VLLM_USE_FLASHINFER_MOE_FP8=1) rather than DeepGEMM's (see <see cref="DeepGemmExperts"/>).</param>
/// <param name="PiecewiseDecodeGraphs">The server was started with cudagraph_mode PIECEWISE (vLLM's
/// <c>--compilation-config</c>), so every decode-only step runs piecewise CUDA graphs broken at each attention layer
/// and pays <paramref name="PiecewiseDecodeSecondsPerAttentionLayer"/> per attention layer; false = vLLM 0.11's
/// default FULL_AND_PIECEWISE, one full graph per decode-only step.</param>
/// <param name="TritonBlockFp8MoeBandwidthShare">The share of a Hopper GPU's peak memory bandwidth at which vLLM's
/// Triton fused-MoE kernel reads block-FP8 experts' weights, the kernel vLLM 0.11.1 runs them with below DeepGEMM's
/// 128 tokens a step (see <see cref="DeepGemmExperts.RunsTriton"/>); 0 = at the fitted weight bandwidth.</param>
public sealed record EngineCalibration(
    double GemmEfficiency,
    double WeightBandwidthEfficiency,
    double AttentionBandwidthEfficiency,
    double AttentionComputeEfficiency,
    double StepOverheadSeconds,
    double PerSequenceOverheadSeconds,
    double AllreduceBandwidthEfficiency,
    double GpuMemoryUtilization,
    long ActivationReserveBytes,
    int MaxNumBatchedTokens,
    int MaxModelLen,
    int KvBlockTokens,
    IReadOnlyList<FitScope>? FittedOn = null,
    double RooflineExponent = double.PositiveInfinity,
    double MixedStepOverheadSecondsPerLayer = 0,
    double HostStallsPerSecond = 0,
    double HostStallSeconds = 0,
    double HostStallSecondsPerSequence = 0,
    double HostStallShareMultiGpu = 1,
    double MixedStepOverheadSecondsPerMoeLayer = 0,
    double EagerLayerOverheadSeconds = 0,
    double MediaProcessingSecondsPerMegapixel = 0,
    double PiecewiseDecodeSecondsPerAttentionLayer = 0,
    int MambaSsmStateBytes = 0,
    double CollectiveLatencySecondsOverFourGpus = 0,
    double MoeDefaultTilingSlowdown = 1,
    IReadOnlyList<GpuModels>? FlashInferFp8Moe = null,
    bool PiecewiseDecodeGraphs = false,
    double TritonBlockFp8MoeBandwidthShare = 0
)
{
    /// <summary>Whether this measured row was among those the constants were fitted to.</summary>
    /// <param name="gpu">The GPU kind's catalog id.</param>
    public bool IsFitted(string task, string gpu, string modelId) =>
        (FittedOn ?? []).Any(scope => scope.Covers(task, gpu, modelId));

    /// <summary>The constants shipped with the tool.</summary>
    public static EngineCalibration LoadDefault() => Parse(CatalogJson.ReadResource("engine.json"));

    public static EngineCalibration Parse(string json) =>
        CatalogJson.Deserialize<EngineCalibration>(json, "engine.json");
}
