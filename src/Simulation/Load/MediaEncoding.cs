using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Load;

/// <summary>
/// What a multimodal request's image or video asks of the model's vision encoder, by the request's prompt length: a
/// prompt of s times the mean carries media of s times the mean tokens, whose matmuls grow s-fold and whose attention
/// grows s²-fold where a larger image is one larger span of patches (dynamic resolution) and s-fold where it is more
/// tiles (or, for a fixed size, as the text around it). The media open the prompt (the chat template puts them before
/// the question), so a prefix cache that holds that share of the prompt holds their encoder output's use too.
/// </summary>
/// <param name="MeanPromptTokens">The workload's mean prompt for this model (text and media tokens).</param>
/// <param name="MediaShare">The media's share of a prompt's tokens.</param>
/// <param name="AtMeanPrompt">The encoder's FLOPs for the media of a prompt of the mean length.</param>
/// <param name="SpanGrowsWithMedia">Whether the attention grows with the square of the media's tokens.</param>
/// <param name="EncoderLayers">The encoder's layers (it runs eagerly, outside the CUDA graphs).</param>
/// <param name="EncoderHiddenSize">Width of the encoder's layers: what each patch carries between them.</param>
/// <param name="MatmulFlopsPerPatch">The encoder's matmul FLOPs for one patch (its projections, MLP and patch
/// embedding: <see cref="VisionEncoder.LinearFlopsPerPatch"/>); 0 = not known.</param>
public sealed record MediaEncoding(
    double MeanPromptTokens,
    double MediaShare,
    EncoderFlops AtMeanPrompt,
    bool SpanGrowsWithMedia,
    int EncoderLayers,
    int EncoderHiddenSize = 0,
    double MatmulFlopsPerPatch = 0
)
{
    /// <summary>Patches the encoder runs for media whose matmuls are <paramref name="flops"/>.</summary>
    public double Patches(EncoderFlops flops) => MatmulFlopsPerPatch > 0 ? flops.Matmul / MatmulFlopsPerPatch : 0;

    /// <summary>The encoder's FLOPs for the media of a prompt of <paramref name="promptTokens"/> tokens.</summary>
    public EncoderFlops For(int promptTokens)
    {
        var scale = promptTokens / MeanPromptTokens;
        return new EncoderFlops(
            AtMeanPrompt.Matmul * scale,
            AtMeanPrompt.Attention * (SpanGrowsWithMedia ? scale * scale : scale)
        );
    }

    /// <summary>
    /// Whether a prompt of <paramref name="promptTokens"/> tokens of which the prefix cache holds
    /// <paramref name="cachedTokens"/> still needs its media encoded: vLLM skips an item whose placeholder tokens are
    /// all computed already.
    /// </summary>
    public bool Needed(int promptTokens, int cachedTokens) => cachedTokens < promptTokens * MediaShare;
}
