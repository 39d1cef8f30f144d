namespace MLEnergy.Simulation.Diffusion;

/// <summary>
/// A diffusion transformer at the output size ML.ENERGY v3 runs it: its weights, depth and width, the latent
/// tokens one image or video becomes (plus text tokens in joint attention), whether classifier-free guidance
/// doubles the batch, the default step count, and the pixels the VAE decodes per output.
/// </summary>
/// <param name="Parameters">Weights of the denoising transformer (text encoders and VAE excluded).</param>
/// <param name="LatentTokens">Image or video tokens per output at the default size.</param>
/// <param name="TextTokens">Text tokens that join the attention (0 when the text enters by cross-attention).</param>
/// <param name="GuidanceBatches">2 when classifier-free guidance runs a conditional and an unconditional pass.</param>
/// <param name="LinearAttention">Attention linear in the sequence length (SANA) instead of quadratic.</param>
/// <param name="OutputPixels">Pixels the VAE decodes per output (all frames of a video).</param>
public sealed record DiffusionModel(
    string Id,
    string Kind,
    long Parameters,
    int Layers,
    int HiddenSize,
    int LatentTokens,
    int TextTokens,
    int GuidanceBatches,
    bool LinearAttention,
    int DefaultSteps,
    long OutputPixels
)
{
    /// <summary>Tokens in one pass of the transformer for one output.</summary>
    public int SequenceTokens => LatentTokens + TextTokens;

    public bool IsVideo => string.Equals(Kind, "video", StringComparison.OrdinalIgnoreCase);
}
