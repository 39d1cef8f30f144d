namespace MLEnergy.Simulation.Models;

/// <summary>
/// A dense decoder-only transformer as its published config describes it, plus the mean response length
/// it gives on chat prompts (a workload property used for default output lengths).
/// </summary>
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
    int TypicalOutputTokens)
{
    /// <summary>Weights read by every forward pass: attention and MLP projections of every layer, and the LM head.</summary>
    public long MatmulParameters
    {
        get
        {
            long attention = (long)HiddenSize * HeadDim * ((2L * AttentionHeads) + (2L * KvHeads));
            long mlp = 3L * HiddenSize * IntermediateSize;
            return (Layers * (attention + mlp)) + ((long)VocabSize * HiddenSize);
        }
    }

    /// <summary>Bytes of all weights held in GPU memory.</summary>
    public long WeightBytes => Parameters * BytesPerWeight;

    /// <summary>Bytes of KV cache one token occupies over all layers (keys and values, all KV heads).</summary>
    public long KvBytesPerToken => 2L * Layers * KvHeads * HeadDim * BytesPerWeight;
}
