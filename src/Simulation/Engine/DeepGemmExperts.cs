using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Engine;

/// <summary>
/// A block-FP8 model's routed experts as vLLM 0.11.1 runs them with DeepGEMM's contiguous grouped GEMM (its FP8
/// MoE backend whenever DeepGEMM is installed, as in the vllm/vllm-openai image, VLLM_USE_DEEP_GEMM and
/// VLLM_MOE_USE_DEEP_GEMM on by default; on Hopper only for steps of at least 128 tokens, below which vLLM falls back
/// to its Triton kernel, <see cref="RunsTriton"/>; on Blackwell for every step, its UE8M0 scales allowing no
/// fallback). The layer's workspace
/// has M_sum = round_up(T·k + E_local·127, 128) rows (vLLM's compute_aligned_M: every local expert's rows padded to
/// DeepGEMM's M alignment of 128, sized on the host for the worst case; T the tokens the layer holds, under data
/// parallelism every rank's tokens, which vLLM 0.11's default all-to-all, allgather_reducescatter, gathers to every
/// GPU before the experts run, as the layer's naive dispatch, with no prepare-finalize kernel of its own), and the
/// rows no token fills are not skipped: vLLM initialises their expert index to zero
/// (deepgemm_moe_permute, expert_num_tokens unknown on the host), so both grouped GEMMs compute them with the first
/// local expert's weights. Those padded rows cost 2 FLOPs per expert weight each at the FP8 tensor rate and the
/// fitted GEMM efficiency; their weights (one expert's) stay in L2 and are not charged as memory traffic. They lie
/// after every expert's own rows and DeepGEMM's scheduler takes the workspace's blocks in order, so their compute
/// follows the real rows' weight reads instead of hiding under them (vllm-project/vllm#13932's H100 timings of the
/// whole DeepGEMM MoE at DeepSeek-V3's shapes agree with that sum, not with the overlap).
/// Each padded row also moves activations through the layer's kernels at the matmuls' achieved bandwidth (the
/// workspace's shapes in DeepGemmExperts.apply, hidden size H, local intermediate size I): the first GEMM reads its
/// FP8 input (H bytes) and writes bf16 gate and up (4I), the activation reads those and writes bf16 (2I), the
/// per-token-group quantisation reads that and writes FP8 (I), the second GEMM reads it (I) and writes bf16 (2H):
/// 3H + 14I bytes a row a layer.
/// </summary>
internal sealed class DeepGemmExperts
{
    /// <summary>DeepGEMM's M alignment of the contiguous layout (get_mk_alignment_for_contiguous_layout).</summary>
    public const int Alignment = 128;

    private readonly int expertsPerToken;
    private readonly int localExperts;
    private readonly double localShare;
    private readonly int minTokens;
    private readonly double secondsPerRow;
    private readonly double bytesPerRow;

    private DeepGemmExperts(
        int expertsPerToken,
        int localExperts,
        double localShare,
        int minTokens,
        double secondsPerRow,
        double bytesPerRow
    )
    {
        this.expertsPerToken = expertsPerToken;
        this.localExperts = localExperts;
        this.localShare = localShare;
        this.minTokens = minTokens;
        this.secondsPerRow = secondsPerRow;
        this.bytesPerRow = bytesPerRow;
    }

    /// <summary>The grouped GEMMs of <paramref name="model"/>'s experts on one GPU, or null where vLLM 0.11.1 runs
    /// them otherwise: weights not block-FP8 with 128 x 128 blocks, FlashInfer's FP8 MoE chosen by the run
    /// (<see cref="EngineCalibration.FlashInferFp8Moe"/>), or shapes not aligned to 128. Under data parallelism the
    /// experts are split over every GPU of every rank.</summary>
    public static DeepGemmExperts? For(
        ModelArchitecture model,
        GpuKind gpu,
        EngineCalibration calibration,
        int tensorParallel,
        bool expertParallel,
        int dataParallel
    )
    {
        if (
            model.Moe is not { } moe
            || model.WeightPrecision != WeightPrecision.Fp8
            || model.WeightBlockSize != Alignment
            || (calibration.FlashInferFp8Moe ?? []).Any(scope => scope.Covers(gpu.Id, model.Id))
        )
        {
            return null;
        }

        var gpus = tensorParallel * Math.Max(1, dataParallel);
        var split = expertParallel ? 1 : gpus;
        var local = expertParallel ? moe.Experts / gpus : moe.Experts;
        if (moe.IntermediateSize / split % Alignment != 0 || model.HiddenSize % Alignment != 0)
        {
            return null;
        }

        // Blackwell (the GPU kinds here with FP4 tensor cores) runs DeepGEMM at every step; Hopper from 128 tokens.
        var achieved = gpu.Achieved ?? AchievedScale.Same;
        var flops = gpu.MatmulFlopsPerSecond(WeightPrecision.Fp8) * achieved.Compute * calibration.GemmEfficiency;
        var rowFlops = 2.0 * model.MoeLayerCount * model.ExpertParameters / split;
        var rowBytes = (double)model.MoeLayerCount * ((3L * model.HiddenSize) + (14L * moe.IntermediateSize / split));
        return new DeepGemmExperts(
            moe.ExpertsPerToken,
            local,
            (double)local / moe.Experts,
            gpu.DenseFp4FlopsPerSecond > 0 ? 0 : Alignment,
            rowFlops / flops,
            rowBytes
        );
    }

    /// <summary>Workspace rows no token fills in a step of <paramref name="tokens"/> tokens (M_sum less the rows of
    /// the tokens this GPU's experts receive, on average); 0 where the step runs the Triton fallback.</summary>
    public double PaddedRows(int tokens)
    {
        if (tokens <= 0 || tokens < minTokens)
        {
            return 0;
        }

        var rows = ((long)tokens * expertsPerToken) + ((long)localExperts * (Alignment - 1));
        var mSum = (rows + Alignment - 1) / Alignment * Alignment;
        return mSum - ((double)tokens * expertsPerToken * localShare);
    }

    /// <summary>Bytes the padded rows of a step of <paramref name="tokens"/> tokens move through the MoE layers'
    /// kernels (3H + 14I a row a layer).</summary>
    public double PaddedBytes(int tokens) => PaddedRows(tokens) * bytesPerRow;

    /// <summary>Whether a step of <paramref name="tokens"/> tokens runs vLLM's Triton fused-MoE kernel instead of
    /// DeepGEMM (Hopper, fewer than 128 tokens): no padded workspace, but the experts' weights read at that kernel's
    /// rate (<see cref="EngineCalibration.TritonBlockFp8MoeBandwidthShare"/>).</summary>
    public bool RunsTriton(int tokens) => tokens > 0 && tokens < minTokens;

    /// <summary>Seconds the padded rows add to the experts' kernels of a step of <paramref name="tokens"/> tokens,
    /// at the maximum clock: their compute, after the real rows' kernels (not overlapped with the weight
    /// reads).</summary>
    public double Seconds(int tokens) => PaddedRows(tokens) * secondsPerRow;
}
