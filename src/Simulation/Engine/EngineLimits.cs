namespace MLEnergy.Simulation.Engine;

/// <summary>The scheduler's limits: sequences per batch, tokens per step, and the KV cache's block size.</summary>
internal readonly record struct EngineLimits(int MaxNumSeqs, int MaxNumBatchedTokens, int KvBlockTokens);
