using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Engine;

/// <summary>
/// The KV cache of a model with attention and Mamba layers as vLLM 0.11.1 lays it out: one pool of pages of one
/// size. The attention layers' block is made long enough that its page (tokens × KV bytes a token, one layer) holds
/// one layer's Mamba state, in multiples of 16 tokens (<c>HybridAttentionMambaModelConfig.verify_and_update_config</c>:
/// <c>attn_block_size = 16 * cdiv(mamba_page_size, 16 * attn_page_size_1_token)</c>, the Mamba page padded to it), and
/// the layers are grouped in groups of the same size, that of the kind with the fewest layers (the most when they
/// differ by under a quarter; the last group of a kind padded), <c>_get_kv_cache_groups_uniform_page_size</c>. A block
/// of the pool is one page in each of a group's layers; every group takes its blocks from the same pool: a sequence
/// holds one block per Mamba group (its state, whatever its length) and, per attention group, one block per
/// <see cref="BlockTokens"/> tokens of its context, the last one part used.
/// </summary>
/// <param name="BlockTokens">Tokens of one attention block (1,312 for Nemotron Nano v2 with a float32 SSM
/// state).</param>
/// <param name="GroupSize">Layers of each group: a pool block is that many pages.</param>
/// <param name="AttentionGroups">Groups of attention layers.</param>
/// <param name="MambaGroups">Groups of Mamba layers.</param>
/// <param name="PageBytes">Bytes of one page (one layer's block) on one GPU.</param>
internal sealed record HybridKvPool(
    int BlockTokens,
    int GroupSize,
    int AttentionGroups,
    int MambaGroups,
    double PageBytes
)
{
    /// <summary>The attention kernels' block-size multiple vLLM 0.11.1 sizes the block to (FlashAttention's 16; not
    /// latent attention, which asks 64 or 128).</summary>
    public const int KernelBlockAlignment = 16;

    /// <summary>The pool of a hybrid model on one GPU; null for a model without Mamba layers or attention.</summary>
    /// <param name="attentionBytesPerTokenPerLayer">KV bytes of one token in one attention layer on one GPU.</param>
    /// <param name="mambaBytesPerLayer">Bytes of one sequence's state in one Mamba layer on one GPU.</param>
    public static HybridKvPool? For(
        ModelArchitecture model,
        double attentionBytesPerTokenPerLayer,
        double mambaBytesPerLayer
    )
    {
        var attention = model.AttentionLayerCount;
        if (model.Mamba is not { Layers: > 0 } mamba || attention <= 0 || attentionBytesPerTokenPerLayer <= 0)
        {
            return null;
        }

        var block =
            KernelBlockAlignment
            * (int)Math.Ceiling(mambaBytesPerLayer / (KernelBlockAlignment * attentionBytesPerTokenPerLayer));
        var fewest = Math.Min(attention, mamba.Layers);
        var most = Math.Max(attention, mamba.Layers);
        var group = most < fewest * 1.25 ? most : fewest;
        return new HybridKvPool(
            block,
            group,
            (attention + group - 1) / group,
            (mamba.Layers + group - 1) / group,
            block * attentionBytesPerTokenPerLayer
        );
    }

    /// <summary>Blocks of the pool in <paramref name="usableBytes"/> (each a page in every layer of a group).</summary>
    public long Blocks(double usableBytes) =>
        usableBytes <= 0 ? 0 : (long)Math.Floor(usableBytes / (GroupSize * PageBytes));

    /// <summary>Tokens of context the pool's blocks hold, every attention group holding each token once.</summary>
    public long CapacityTokens(long blocks) => blocks * BlockTokens / AttentionGroups;

    /// <summary>
    /// What a sequence holds whatever its length, in tokens of context: a block per Mamba group (the unused part of
    /// its last attention block is counted apart, <see cref="BlockRounding"/>).
    /// </summary>
    public int StateTokensPerSequence => (int)Math.Ceiling(MambaGroups * (double)BlockTokens / AttentionGroups);
}
