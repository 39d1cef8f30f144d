using MLEnergy.Simulation.Hardware;

namespace MLEnergy.Simulation.Models;

/// <summary>
/// A decoder-only model as its published config describes it: a transformer, optionally with a mixture of
/// experts, latent attention, local (sliding-window) attention layers or Mamba layers, its weights' precision,
/// plus the mean response length it gives on chat prompts (a workload property used for default output lengths).
/// </summary>
/// <param name="BytesPerWeight">Bytes of the model's activation type (bf16: 2): unquantized weights, KV cache.</param>
/// <param name="AttentionLayers">Layers with attention; null = every layer (hybrids have fewer).</param>
/// <param name="MlpLayers">Layers with an MLP or experts; null = every layer.</param>
/// <param name="MlpMatrices">3 for gated MLPs (gate, up, down), 2 for plain ones (up, down).</param>
/// <param name="Vision">The image encoder of a vision-language model; null = text only.</param>
/// <param name="WeightBlockSize">Side of the square blocks an FP8 checkpoint keeps one weight scale for (its
/// quantization_config.weight_block_size: 128 for 128 x 128 blocks); 0 = per-tensor or per-channel scales.</param>
public sealed record ModelArchitecture(
    string Id,
    long Parameters,
    int Layers,
    int HiddenSize,
    int AttentionHeads,
    int KvHeads,
    int HeadDim,
    int IntermediateSize,
    int VocabSize,
    int BytesPerWeight,
    int MaxPositionEmbeddings,
    int TypicalOutputTokens,
    WeightPrecision WeightPrecision = WeightPrecision.Bf16,
    MixtureOfExperts? Moe = null,
    LatentAttention? Mla = null,
    SlidingWindow? Sliding = null,
    MambaMixer? Mamba = null,
    int? AttentionLayers = null,
    int? MlpLayers = null,
    int MlpMatrices = 3,
    VisionEncoder? Vision = null,
    int WeightBlockSize = 0
)
{
    public int AttentionLayerCount => AttentionLayers ?? Layers;

    public int MlpLayerCount => MlpLayers ?? Layers;

    public int MoeLayerCount => Moe is null ? 0 : Moe.Layers ?? MlpLayerCount;

    /// <summary>Weights of one routed expert.</summary>
    public long ExpertParameters => Moe is null ? 0 : (long)MlpMatrices * HiddenSize * Moe.IntermediateSize;

    /// <summary>Weights of every routed expert of every layer: the ones a token mostly does not use.</summary>
    public long RoutedExpertParameters => Moe is null ? 0 : (long)MoeLayerCount * Moe.Experts * ExpertParameters;

    /// <summary>Weights every forward pass reads whatever the tokens: attention, dense MLPs, shared experts, routers,
    /// Mamba projections and the LM head.</summary>
    public long SharedMatmulParameters
    {
        get
        {
            long attention = AttentionLayerCount * AttentionParametersPerLayer;
            long dense = (long)(MlpLayerCount - MoeLayerCount) * MlpMatrices * HiddenSize * IntermediateSize;
            long shared = Moe is null
                ? 0
                : MoeLayerCount * ((Moe.SharedExperts * ExpertParameters) + ((long)HiddenSize * Moe.Experts));
            long mamba = Mamba is null ? 0 : Mamba.Layers * Mamba.ParametersPerLayer(HiddenSize);
            return attention + dense + shared + mamba + LmHeadParameters;
        }
    }

    /// <summary>Weights one token multiplies by: the shared ones and the experts it is routed to.</summary>
    public long MatmulParameters =>
        SharedMatmulParameters + (Moe is null ? 0 : (long)MoeLayerCount * Moe.ExpertsPerToken * ExpertParameters);

    public long LmHeadParameters => (long)VocabSize * HiddenSize;

    /// <summary>Bytes of one quantized linear-layer weight (MXFP4: 4 bits and an 8-bit scale per 32 weights).</summary>
    public double QuantizedBytesPerWeight =>
        WeightPrecision switch
        {
            WeightPrecision.Fp8 => 1.0,
            WeightPrecision.Mxfp4 => 4.25 / 8,
            _ => BytesPerWeight,
        };

    /// <summary>Bytes per routed-expert weight.</summary>
    public double ExpertBytesPerWeight => QuantizedBytesPerWeight;

    /// <summary>Bytes of the weights read every step whatever the tokens (MXFP4 quantizes only the experts).</summary>
    public double SharedMatmulBytes
    {
        get
        {
            var linear = WeightPrecision == WeightPrecision.Mxfp4 ? BytesPerWeight : QuantizedBytesPerWeight;
            return ((SharedMatmulParameters - LmHeadParameters) * linear) + (LmHeadParameters * (double)BytesPerWeight);
        }
    }

    /// <summary>Bytes of all weights held in GPU memory.</summary>
    public long WeightBytes
    {
        get
        {
            var quantized = WeightPrecision switch
            {
                WeightPrecision.Fp8 => RoutedExpertParameters + SharedMatmulParameters - LmHeadParameters,
                WeightPrecision.Mxfp4 => RoutedExpertParameters,
                _ => 0,
            };
            quantized = Math.Min(quantized, Parameters);
            return (long)(((Parameters - quantized) * (double)BytesPerWeight) + (quantized * QuantizedBytesPerWeight));
        }
    }

    /// <summary>Bytes of KV cache one token occupies over all attention layers (keys, values, all KV heads).</summary>
    public long KvBytesPerToken => AttentionLayerCount * KvBytesPerTokenPerLayer;

    /// <summary>Bytes of KV cache one token occupies in one attention layer.</summary>
    public long KvBytesPerTokenPerLayer =>
        Mla is null
            ? 2L * KvHeads * HeadDim * BytesPerWeight
            : (long)(Mla.KvLoraRank + Mla.RopeHeadDim) * BytesPerWeight;

    /// <summary>Layers whose attention reads the whole context.</summary>
    public int GlobalAttentionLayers => AttentionLayerCount - (Sliding?.Layers ?? 0);

    /// <summary>
    /// Layers whose KV cache the server keeps for the whole context: the global ones, and with chunked local
    /// attention every attention layer (see <see cref="SlidingWindow.Chunked"/>).
    /// </summary>
    public int FullContextCacheLayers => Sliding is { Chunked: true } ? AttentionLayerCount : GlobalAttentionLayers;

    /// <summary>Layers whose KV cache holds at most the window (sliding-window layers under vLLM's hybrid KV cache
    /// manager, which frees the blocks that fell out of the window).</summary>
    public int WindowCacheLayers => Sliding is { Chunked: false } sliding ? sliding.Layers : 0;

    /// <summary>Ways the KV cache can be split over tensor-parallel ranks (latent attention: not at all).</summary>
    public int KvShards => Mla is null ? KvHeads : 1;

    /// <summary>Bytes of fixed per-sequence state: the Mamba layers' state (in the activation type).</summary>
    public long StateBytesPerSequence => MambaStateBytes(ssmBytesPerElement: 0);

    /// <summary>
    /// Bytes of fixed per-sequence state with the Mamba layers' SSM state kept in <paramref name="ssmBytesPerElement"/>
    /// bytes an element (vLLM's <c>--mamba-ssm-cache-dtype</c>: float32 = 4); 0 = the activation type (vLLM's
    /// <c>auto</c>). The convolution window stays in the activation type either way.
    /// </summary>
    public long MambaStateBytes(int ssmBytesPerElement) =>
        Mamba?.StateBytesPerSequence(BytesPerWeight, ssmBytesPerElement > 0 ? ssmBytesPerElement : BytesPerWeight) ?? 0;

    /// <summary>Attention FLOPs per query-key pair in one layer, all heads.</summary>
    public double AttentionFlopsPerPair =>
        Mla is null
            ? 4.0 * AttentionHeads * HeadDim
            : 2.0 * AttentionHeads * ((2.0 * Mla.KvLoraRank) + Mla.RopeHeadDim);

    /// <summary>Weights of one layer's attention projections.</summary>
    public long AttentionParametersPerLayer
    {
        get
        {
            long h = HiddenSize,
                heads = AttentionHeads,
                d = HeadDim;
            if (Mla is null)
            {
                return h * d * ((2 * heads) + (2L * KvHeads));
            }

            long rope = Mla.RopeHeadDim,
                kv = Mla.KvLoraRank,
                q = Mla.QLoraRank;
            var query = q > 0 ? (h * q) + (q * heads * (d + rope)) : h * heads * (d + rope);
            return query + (h * (kv + rope)) + (kv * heads * 2 * d) + (heads * d * h);
        }
    }
}
