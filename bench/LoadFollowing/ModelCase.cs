namespace MLEnergy.LoadFollowing;

/// <summary>A model served on simulated H100s: one replica over <see cref="TensorParallel"/> GPUs.</summary>
public sealed record ModelCase(string Name, string ModelId, int TensorParallel)
{
    public const string Gpu = "H100-SXM-80GB";

    /// <summary>vLLM's default batch cap, the space's baseline, kept by every policy.</summary>
    public const int MaxNumSeqs = 256;

    public static ModelCase Llama8B { get; } = new("8B", "meta-llama/Llama-3.1-8B-Instruct", 1);

    public static ModelCase Llama70B { get; } = new("70B", "meta-llama/Llama-3.1-70B-Instruct", 4);

    public static IReadOnlyList<ModelCase> All { get; } = [Llama8B, Llama70B];
}
