namespace MLEnergy.Simulation.Engine;

/// <summary>Models whose benchmark runs on one GPU kind chose FlashInfer's FP8 MoE kernels
/// (VLLM_USE_FLASHINFER_MOE_FP8=1), which vLLM 0.11.1 prefers to DeepGEMM on Blackwell.</summary>
public sealed record GpuModels(string Gpu, IReadOnlyList<string> Models)
{
    public bool Covers(string gpu, string modelId) =>
        string.Equals(gpu, Gpu, StringComparison.OrdinalIgnoreCase)
        && Models.Contains(modelId, StringComparer.OrdinalIgnoreCase);
}
