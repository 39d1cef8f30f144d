namespace MLEnergy.Runtime.Replay;

/// <summary>What a published table measured: LLM text generation (tokens) or diffusion (images, videos).</summary>
public enum ReplayWorkload
{
    Llm,
    Diffusion,
}
