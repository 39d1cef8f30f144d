namespace MLEnergy.Simulation.Models;

/// <summary>
/// Multi-head latent attention (DeepSeek-V3): keys and values cached as one compressed latent of
/// <paramref name="KvLoraRank"/> plus a shared rotary key of <paramref name="RopeHeadDim"/>, the same on every
/// tensor-parallel rank; queries through a low-rank projection of <paramref name="QLoraRank"/>.
/// </summary>
public sealed record LatentAttention(int KvLoraRank, int QLoraRank, int RopeHeadDim);
