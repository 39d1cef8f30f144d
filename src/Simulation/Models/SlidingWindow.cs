namespace MLEnergy.Simulation.Models;

/// <summary>Layers whose attention sees only the last <paramref name="Window"/> tokens (local attention).</summary>
/// <param name="Chunked">The layers attend within fixed chunks of <paramref name="Window"/> tokens (Llama 4's
/// chunked local attention, config <c>attention_chunk_size</c>) instead of a sliding window. vLLM (0.11) turns its
/// hybrid KV cache manager off for such models (it logs a latency regression with it), so their local layers keep
/// the whole context in the KV cache like the global ones; their attention still reads only the current chunk.
/// </param>
public sealed record SlidingWindow(int Window, int Layers, bool Chunked = false);
