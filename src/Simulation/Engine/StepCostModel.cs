using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Load;
using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Engine;

/// <summary>
/// What one engine step asks of each GPU of a tensor-parallel group. Matmuls read every shared weight once per
/// step, and of the routed experts those the step's tokens choose (each token picks k of E, so T tokens touch
/// E·(1-(1-k/E)^T) of them); they do 2 FLOPs per active weight per token at the weights' precision (FP8 tensor
/// cores for FP8, and for MXFP4 experts where FP4 exists, an MXFP4 model's other layers running in bf16). Attention
/// reads each decoding sequence's KV cache (local layers at most their window) and the Mamba layers read and write
/// each sequence's state (its SSM part in the cache dtype the server was started with: vLLM's
/// --mamba-ssm-cache-dtype). Tensor parallelism splits weights, heads and KV and adds an all-reduce per block;
/// expert parallelism without data parallelism keeps that all-reduce (vLLM 0.11 dispatches and combines tokens only
/// across data-parallel ranks) but gives each GPU whole experts, so a layer lasts as long as the GPU whose experts the
/// step touches most (see
/// <see cref="ExpertLoadImbalance"/>), and reads its bf16 experts slower once the step's tokens outnumber them (vLLM's
/// default fused-MoE tiling, the local shapes having no tuned one); block-FP8 experts run DeepGEMM's grouped GEMM,
/// whose rows padded to 128 per local expert are computed too, after the real rows (<see cref="DeepGemmExperts"/>),
/// and on Hopper below 128 tokens vLLM's Triton fused-MoE kernel, which reads their weights at a published share of
/// the peak bandwidth (<see cref="EngineCalibration.TritonBlockFp8MoeBandwidthShare"/>). The
/// host adds a fixed and a per-sequence overhead, and a step that carries prompt chunks pays an overhead per layer
/// more, and more again per mixture-of-experts layer (it runs outside the decode-only CUDA graphs, and the routed
/// experts' path launches more there): with the prompt's own compute, what makes the ITL tail. Decode-only steps run
/// one full CUDA graph, except for models whose attention vLLM 0.11 cannot capture whole (chunked local attention:
/// Llama 4) and servers started with cudagraph_mode PIECEWISE, which run every step with piecewise graphs broken at
/// each attention layer. A multimodal prompt's
/// image or video is encoded whole in the step whose prompt chunk first reaches its tokens (vLLM's scheduler
/// schedules an encoder input altogether, its attention being bidirectional), by the vision encoder in bf16 split over
/// the tensor-parallel ranks as vLLM shards its weights: its matmuls at the matmuls' rate, its attention at the rate
/// of a prompt's attention (flash-attention kernels over the patches of each image or frame group; on GPU kinds where
/// vLLM runs them with kernels that reach less of the peak, less: <see cref="AchievedScale.EncoderAttention"/>), and
/// its layers run eagerly, outside the CUDA graphs, at the prompt step's cost per layer, each all-reducing its patches'
/// activations twice over the tensor-parallel ranks. vLLM keeps an encoder's output
/// only until the prompt's chunks have used it, so a request pays it once (again after a preemption), and a copy
/// whose prompt the prefix cache holds skips it. A prompt's tokens pass the Mamba layers' SSD chunked scan
/// (<see cref="MambaMixer.ScanFlopsPerToken"/>), a masked attention within each chunk that runs at the rate of a
/// prompt's attention; vLLM 0.11 keeps no prefix cache for such hybrid models (<see cref="PrefixCaching"/>).
/// A rank of data-parallel attention (vLLM --data-parallel-size with --enable-expert-parallel) holds the attention
/// and dense layers whole (split only by its own tensor parallelism) and its share of the experts, spread over every
/// GPU of every rank: its attention, dense layers and KV cache serve its own sequences, its experts serve the
/// tokens of every rank, and the dispatch and combine carry every rank's tokens padded to the busiest rank's count
/// (vLLM 0.11 pads each rank's batch to the largest across the ranks whenever CUDA graphs are on, prompt steps
/// included: the rank's whole forward pass, its dense matmuls too, runs on the padded count, and the experts on
/// every rank's padded tokens, gathered by the default allgather_reducescatter all-to-all).
/// </summary>
internal sealed class StepCostModel
{
    private readonly double matmulSecondsPerToken;
    private readonly double encoderMatmulSecondsPerFlop;
    private readonly double encoderAttentionSecondsPerFlop;
    private readonly double encoderEagerSeconds;
    private readonly double encoderCollectiveFixedSeconds;
    private readonly double encoderCollectiveSecondsPerPatch;
    private readonly double sharedWeightSeconds;
    private readonly double sharedWeightPeakSeconds;
    private readonly double expertWeightSeconds;
    private readonly double tritonExpertWeightSeconds;
    private readonly double expertWeightPeakSeconds;
    private readonly double logExpertMiss;
    private readonly ExpertLoadImbalance? imbalance;
    private readonly DeepGemmExperts? deepGemm;
    private readonly int defaultConfigAbove;
    private readonly double defaultConfigSlowdown;
    private readonly double attentionComputeSecondsPerPair;
    private readonly double scanSecondsPerPromptToken;
    private readonly double globalKvSecondsPerToken;
    private readonly double slidingKvSecondsPerToken;
    private readonly double kvWriteSecondsPerToken;
    private readonly double peakPerEfficientBandwidth;
    private readonly double stateSecondsPerSequence;
    private readonly int window;
    private readonly double collectiveFixedSeconds;
    private readonly double collectiveSecondsPerToken;
    private readonly double expertMatmulSecondsPerToken;
    private readonly double exchangeSecondsPerToken;
    private readonly double stepOverhead;
    private readonly double perSequenceOverhead;
    private readonly double mixedStepOverhead;
    private readonly double piecewiseDecodeOverhead;
    private readonly double usableBytes;
    private readonly double weightBandwidth;
    private readonly double peakBandwidth;
    private readonly HybridKvPool? pool;

    public StepCostModel(
        ModelArchitecture model,
        GpuKind gpu,
        EngineCalibration calibration,
        int tensorParallel,
        bool expertParallel = false,
        MediaEncoding? media = null,
        int dataParallel = 1
    )
    {
        Media = media;
        var tp = tensorParallel;
        var expertGpus = tp * dataParallel;
        var achieved = gpu.Achieved ?? AchievedScale.Same;
        var bandwidth = gpu.MemoryBandwidthBytesPerSecond;
        weightBandwidth = bandwidth * calibration.WeightBandwidthEfficiency * achieved.Bandwidth;
        peakBandwidth = bandwidth;
        var kvBandwidth = bandwidth * calibration.AttentionBandwidthEfficiency * achieved.Bandwidth;
        var flops = gpu.MatmulFlopsPerSecond(model.WeightPrecision) * achieved.Compute;
        var kvSplit = Math.Min(tp, model.KvShards);
        var perLayerKv = (double)model.KvBytesPerTokenPerLayer / kvSplit;
        var sliding = model.Sliding;
        window = sliding?.Window ?? 0;
        KvBytesPerTokenPerGpu = perLayerKv * model.GlobalAttentionLayers;
        CacheBytesPerTokenPerGpu = perLayerKv * model.FullContextCacheLayers;
        var allExpertBytes = model.RoutedExpertParameters * model.ExpertBytesPerWeight;
        WeightBytesPerGpu =
            dataParallel > 1
                ? ((model.WeightBytes - allExpertBytes) / tp) + (allExpertBytes / expertGpus)
                : (double)model.WeightBytes / tp;
        var sharedBytes = model.SharedMatmulBytes / tp;
        var expertBytes = allExpertBytes / expertGpus;
        var activeExperts = (double)(model.MatmulParameters - model.SharedMatmulParameters);
        var rankActiveExperts = dataParallel > 1 && model.Moe is not null ? activeExperts : 0;
        var bf16 = gpu.DenseBf16FlopsPerSecond * achieved.Compute;

        // An MXFP4 checkpoint quantizes only its experts: vLLM runs the other linear layers unquantized, in bf16
        // (Mxfp4Config.get_quant_method: UnquantizedLinearMethod for the modules the config leaves unconverted).
        var sharedFlops = model.WeightPrecision == WeightPrecision.Mxfp4 ? bf16 : flops;
        matmulSecondsPerToken =
            2.0
            * ((model.SharedMatmulParameters / sharedFlops) + ((activeExperts - rankActiveExperts) / flops))
            / tp
            / calibration.GemmEfficiency;
        expertMatmulSecondsPerToken = 2.0 * rankActiveExperts / expertGpus / (flops * calibration.GemmEfficiency);
        encoderMatmulSecondsPerFlop = 1.0 / tp / (bf16 * calibration.GemmEfficiency);
        encoderAttentionSecondsPerFlop =
            1.0 / tp / (bf16 * calibration.AttentionComputeEfficiency * achieved.EncoderAttention);
        encoderEagerSeconds =
            (media?.EncoderLayers ?? 0) * calibration.MixedStepOverheadSecondsPerLayer * achieved.Overhead;
        sharedWeightSeconds = sharedBytes / weightBandwidth;
        sharedWeightPeakSeconds = sharedBytes / bandwidth;
        expertWeightSeconds = expertBytes / weightBandwidth;
        tritonExpertWeightSeconds =
            calibration.TritonBlockFp8MoeBandwidthShare > 0
                ? expertBytes / (bandwidth * calibration.TritonBlockFp8MoeBandwidthShare)
                : expertWeightSeconds;
        expertWeightPeakSeconds = expertBytes / bandwidth;
        logExpertMiss = model.Moe is { } moe ? Math.Log(1.0 - ((double)moe.ExpertsPerToken / moe.Experts)) : 0;
        // vLLM's default fused-MoE tiling for experts in bf16 switches to large tiles once the step's tokens outnumber
        // the GPU's experts; the local shapes of expert parallelism ship no tuned tiling.
        defaultConfigAbove =
            model.Moe is { } local
            && (expertParallel || dataParallel > 1)
            && model.WeightPrecision == WeightPrecision.Bf16
                ? local.Experts / expertGpus
                : int.MaxValue;
        defaultConfigSlowdown = calibration.MoeDefaultTilingSlowdown;
        deepGemm = DeepGemmExperts.For(model, gpu, calibration, tp, expertParallel, dataParallel);
        imbalance =
            model.Moe is { } split && (expertParallel || dataParallel > 1) && expertGpus > 1
                ? new ExpertLoadImbalance(split.Experts, split.ExpertsPerToken, expertGpus)
                : null;
        attentionComputeSecondsPerPair =
            model.AttentionLayerCount
            * model.AttentionFlopsPerPair
            / tp
            / (gpu.DenseBf16FlopsPerSecond * achieved.Compute * calibration.AttentionComputeEfficiency);
        scanSecondsPerPromptToken =
            (model.Mamba is { } mamba ? mamba.Layers * mamba.ScanFlopsPerToken : 0)
            / tp
            / (gpu.DenseBf16FlopsPerSecond * achieved.Compute * calibration.AttentionComputeEfficiency);
        PrefixCaching = model.Mamba is null;
        globalKvSecondsPerToken = KvBytesPerTokenPerGpu / kvBandwidth;
        slidingKvSecondsPerToken = perLayerKv * (sliding?.Layers ?? 0) / kvBandwidth;
        kvWriteSecondsPerToken = perLayerKv * model.AttentionLayerCount / kvBandwidth;
        peakPerEfficientBandwidth = calibration.AttentionBandwidthEfficiency * achieved.Bandwidth;
        var stateBytes = (double)model.MambaStateBytes(calibration.MambaSsmStateBytes) / tp;
        stateSecondsPerSequence = 2.0 * stateBytes / kvBandwidth;
        pool = HybridKvPool.For(model, perLayerKv, stateBytes / Math.Max(1, model.Mamba?.Layers ?? 1));
        FixedStateTokensPerSequence =
            pool?.StateTokensPerSequence
            ?? (CacheBytesPerTokenPerGpu > 0 ? (int)Math.Ceiling(stateBytes / CacheBytesPerTokenPerGpu) : 0);
        WindowCacheTokens = model.WindowCacheLayers > 0 ? window : 0;
        WindowCacheWeight =
            CacheBytesPerTokenPerGpu > 0 ? perLayerKv * model.WindowCacheLayers / CacheBytesPerTokenPerGpu : 0;
        StateTokensPerSequence = FixedStateTokensPerSequence + (int)Math.Ceiling(WindowCacheWeight * WindowCacheTokens);
        if (tp > 1)
        {
            var ringFactor = 2.0 * (tp - 1) / tp;
            var link = gpu.Interconnect.BytesPerSecond * calibration.AllreduceBandwidthEfficiency;
            var tokenBytes = (double)model.HiddenSize * model.BytesPerWeight;
            // Expert parallelism without data parallelism changes no collective: every GPU holds every token, runs
            // its own experts on them and the MoE block's output is all-reduced as under tensor parallelism (vLLM
            // uses its all-to-all kernels only when dp_size > 1).
            var allreduces = model.AttentionLayerCount + (model.Mamba?.Layers ?? 0) + model.MlpLayerCount;
            collectiveFixedSeconds = allreduces * CollectiveLatency(gpu, calibration, tp);
            collectiveSecondsPerToken = allreduces * tokenBytes * ringFactor / link;
            if (media is { MatmulFlopsPerPatch: > 0 })
            {
                // The encoder's layers are tensor-parallel too (vLLM's default mm_encoder_tp_mode "weights"): the
                // attention's output projection and the MLP's second matmul are row-parallel, an all-reduce each
                // per layer of every patch's bf16 activations.
                var encoderAllreduces = 2.0 * media.EncoderLayers;
                encoderCollectiveFixedSeconds = encoderAllreduces * CollectiveLatency(gpu, calibration, tp);
                encoderCollectiveSecondsPerPatch =
                    encoderAllreduces * media.EncoderHiddenSize * 2.0 * ringFactor / link;
            }
        }

        if (dataParallel > 1)
        {
            // Each rank's tensor-parallel all-reduces carry its own tokens; the experts' dispatch and combine span
            // every GPU of every rank and carry the padded tokens of all ranks.
            var link = gpu.Interconnect.BytesPerSecond * calibration.AllreduceBandwidthEfficiency;
            var tokenBytes = (double)model.HiddenSize * model.BytesPerWeight;
            var moeLayers = model.MoeLayerCount;
            var allreduces =
                tp > 1 ? model.AttentionLayerCount + (model.Mamba?.Layers ?? 0) + model.MlpLayerCount - moeLayers : 0;
            var allToAlls = 2.0 * moeLayers;
            collectiveFixedSeconds =
                (allreduces * CollectiveLatency(gpu, calibration, tp))
                + (allToAlls * CollectiveLatency(gpu, calibration, expertGpus));
            collectiveSecondsPerToken = allreduces * tokenBytes * 2.0 * (tp - 1) / tp / link;
            exchangeSecondsPerToken = allToAlls * tokenBytes * (expertGpus - 1) / expertGpus / link;
        }

        stepOverhead = calibration.StepOverheadSeconds * achieved.Overhead;
        perSequenceOverhead = calibration.PerSequenceOverheadSeconds;
        mixedStepOverhead =
            (
                (calibration.MixedStepOverheadSecondsPerLayer * model.Layers)
                + (calibration.MixedStepOverheadSecondsPerMoeLayer * model.MoeLayerCount)
            ) * achieved.Overhead;
        piecewiseDecodeOverhead =
            model.Sliding is { Chunked: true } || calibration.PiecewiseDecodeGraphs
                ? calibration.PiecewiseDecodeSecondsPerAttentionLayer * model.AttentionLayerCount * achieved.Overhead
                : 0;
        usableBytes =
            (gpu.MemoryBytes * calibration.GpuMemoryUtilization)
            - WeightBytesPerGpu
            - calibration.ActivationReserveBytes;
        var blockTokens = Math.Max(1, calibration.KvBlockTokens);
        KvCacheBlocks =
            pool?.Blocks(usableBytes)
            ?? (
                usableBytes <= 0 || CacheBytesPerTokenPerGpu <= 0
                    ? 0
                    : (long)Math.Floor(usableBytes / (blockTokens * CacheBytesPerTokenPerGpu))
            );
        KvCapacityTokens = pool?.CapacityTokens(KvCacheBlocks) ?? KvCacheBlocks * blockTokens;
    }

    public double WeightBytesPerGpu { get; }

    /// <summary>
    /// Whether the server reuses a prompt's cached blocks (vLLM's automatic prefix caching, on by default): not for
    /// models with Mamba layers, for which vLLM 0.11 turns it off ("Hybrid or mamba-based model detected without
    /// support for prefix caching: disabling", vllm/model_executor/models/config.py; the engine arguments default it
    /// off for hybrid models, vllm/engine/arg_utils.py).
    /// </summary>
    public bool PrefixCaching { get; }

    /// <summary>Latency of one collective over <paramref name="gpus"/> GPUs: the interconnect's, and more over a
    /// group of more than four.</summary>
    internal static double CollectiveLatency(GpuKind gpu, EngineCalibration calibration, int gpus) =>
        gpu.Interconnect.LatencySeconds + (gpus > 4 ? calibration.CollectiveLatencySecondsOverFourGpus : 0);

    /// <summary>What each request's image or video asks of the vision encoder; null = text requests.</summary>
    public MediaEncoding? Media { get; }

    /// <summary>KV bytes per token per GPU that attention reads over the whole context (the global layers).</summary>
    public double KvBytesPerTokenPerGpu { get; }

    /// <summary>
    /// KV cache bytes per token per GPU of the layers that keep the whole context (see
    /// <see cref="ModelArchitecture.FullContextCacheLayers"/>): what one token of the cache's capacity costs.
    /// </summary>
    public double CacheBytesPerTokenPerGpu { get; }

    /// <summary>
    /// KV cache blocks of the replica, as vLLM counts them: the memory left under gpu_memory_utilization after the
    /// weights and the activation reserve, over a block's bytes (block size × cache bytes per token) in every layer
    /// that keeps the whole context; for a model with Mamba layers, the blocks of its one pool of equal pages
    /// (<see cref="HybridKvPool"/>).
    /// </summary>
    public long KvCacheBlocks { get; }

    /// <summary>Tokens of KV cache the replica can hold: whole blocks (every GPU of the group holds its share of
    /// each).</summary>
    public long KvCapacityTokens { get; }

    /// <summary>
    /// Most cache one sequence holds beside its context, in tokens of the full-context cache: Mamba state and a whole
    /// window of the sliding-window layers.
    /// </summary>
    public int StateTokensPerSequence { get; }

    /// <summary>Cache one sequence holds whatever its length (Mamba state), in tokens of the full-context cache: for a
    /// model with Mamba layers, its state's blocks in the one pool (<see cref="HybridKvPool"/>).
    /// </summary>
    public int FixedStateTokensPerSequence { get; }

    /// <summary>Tokens of the attention blocks whose unused tails the engine counts (a hybrid model's
    /// <see cref="HybridKvPool.BlockTokens"/>); 0 = none, the 16-token blocks of other models being left out.</summary>
    public int RoundedBlockTokens => pool?.BlockTokens ?? 0;

    /// <summary>
    /// Tokens the sliding-window layers keep of one sequence at most (their window; zero without such layers): a
    /// sequence holds min(context, window) of them, vLLM's hybrid KV cache manager freeing the blocks that fell out.
    /// </summary>
    public int WindowCacheTokens { get; }

    /// <summary>What one token kept by the sliding-window layers costs, in tokens of the full-context cache (their
    /// layers over the full-context ones: 5 for gemma-3's five local layers to one global).</summary>
    public double WindowCacheWeight { get; }

    /// <param name="decodeTokens">Sequences producing their next token this step.</param>
    /// <param name="decodeContext">Sum of those sequences' context lengths (tokens whose KV is read).</param>
    /// <param name="prefillTokens">Prompt tokens processed this step (chunked prefill).</param>
    /// <param name="prefillPairs">Query-key pairs of the prefill chunks' attention.</param>
    /// <param name="sequences">Sequences the scheduler tracks this step.</param>
    /// <param name="windowContext">Sum over those sequences of min(context, window): what the sliding-window layers
    /// read; negative = not known (then min(sum of contexts, sequences × window)).</param>
    /// <param name="routedTokens">A data-parallel rank's step: the tokens of every rank, which its experts serve;
    /// negative = this step's own tokens.</param>
    /// <param name="exchangedTokens">A data-parallel rank's step: the tokens the experts' dispatch and combine carry
    /// (every rank's, padded to the busiest rank's count); negative = this step's own tokens.</param>
    /// <param name="paddedTokens">A data-parallel rank's step: the tokens its forward pass runs, its own padded to
    /// the busiest rank's count (its dense matmuls and tensor-parallel all-reduces); negative = its own.</param>
    /// <param name="encoder">The vision encoder's FLOPs for the images and videos this step encodes (one pass).</param>
    public KernelMix Mix(
        int decodeTokens,
        double decodeContext,
        int prefillTokens,
        double prefillPairs,
        int sequences,
        double windowContext = -1,
        int routedTokens = -1,
        int exchangedTokens = -1,
        EncoderFlops encoder = default,
        int paddedTokens = -1
    )
    {
        var tokens = decodeTokens + prefillTokens;
        var forward = Math.Max(tokens, paddedTokens);
        var routed = routedTokens >= 0 ? routedTokens : tokens;
        var exchanged = exchangedTokens >= 0 ? exchangedTokens : tokens;
        var touched =
            (logExpertMiss < 0 ? 1.0 - Math.Exp(routed * logExpertMiss) : 0)
            * (imbalance?.Factor(routed) ?? 1)
            * (routed > defaultConfigAbove ? defaultConfigSlowdown : 1);
        var slidingContext =
            window <= 0 ? 0
            : windowContext >= 0 ? windowContext
            : Math.Min(decodeContext, (double)decodeTokens * window);
        var kvSeconds =
            (decodeContext * globalKvSecondsPerToken)
            + (slidingContext * slidingKvSecondsPerToken)
            + (prefillTokens * kvWriteSecondsPerToken)
            + (decodeTokens * stateSecondsPerSequence);
        var padding = deepGemm?.Seconds(routed) ?? 0;
        var paddedBytes = deepGemm?.PaddedBytes(routed) ?? 0;
        var expertSeconds = deepGemm?.RunsTriton(routed) == true ? tritonExpertWeightSeconds : expertWeightSeconds;
        var weightSeconds = sharedWeightSeconds + (touched * expertSeconds) + (paddedBytes / weightBandwidth);
        var weightPeak = sharedWeightPeakSeconds + (touched * expertWeightPeakSeconds) + (paddedBytes / peakBandwidth);
        return new KernelMix(
            MatmulComputeSeconds: (forward * matmulSecondsPerToken)
                + (encoder.Matmul * encoderMatmulSecondsPerFlop)
                + (routed * expertMatmulSecondsPerToken),
            MatmulMemorySeconds: weightSeconds,
            AttentionComputeSeconds: ((decodeContext + prefillPairs) * attentionComputeSecondsPerPair)
                + (prefillTokens * scanSecondsPerPromptToken)
                + (encoder.Attention * encoderAttentionSecondsPerFlop),
            AttentionMemorySeconds: kvSeconds,
            PeakBandwidthSeconds: weightPeak + (kvSeconds * peakPerEfficientBandwidth),
            StallSeconds: stepOverhead
                + (perSequenceOverhead * sequences)
                + collectiveFixedSeconds
                + (forward * collectiveSecondsPerToken)
                + (exchanged * exchangeSecondsPerToken)
                + (prefillTokens > 0 ? mixedStepOverhead : piecewiseDecodeOverhead)
                + (
                    encoder.Matmul > 0
                        ? encoderEagerSeconds
                            + encoderCollectiveFixedSeconds
                            + ((Media?.Patches(encoder) ?? 0) * encoderCollectiveSecondsPerPatch)
                        : 0
                ),
            SerialComputeSeconds: padding
        );
    }
}
