namespace MLEnergy.Simulation.Engine;

/// <summary>
/// vLLM's automatic prefix caching (on by default in its V1 engine) for requests that send the same prompt: once
/// one sequence has computed a prompt, a later sequence with that prompt finds its whole blocks in the cache, holds
/// them with it instead of a copy of its own, and computes only the rest (at least the prompt's last token, which
/// vLLM always recomputes). Only blocks held by a running sequence count as found: under a full cache, blocks that
/// no sequence holds any more are the first to be evicted. A server without it (<paramref name="enabled"/> false)
/// finds nothing and holds nothing in common.
/// </summary>
internal sealed class PrefixCache(int blockTokens, bool enabled = true)
{
    private readonly Dictionary<int, int> holders = [];

    /// <summary>Tokens of KV cache that sequences hold together and that would otherwise be held once each.</summary>
    public long SharedTokens { get; private set; }

    /// <summary>
    /// Tokens of a prompt a new sequence finds cached: its whole blocks short of its last token when a running
    /// sequence holds them, else none.
    /// </summary>
    /// <param name="key">The prompt's key (-1: a prompt of its own, never cached).</param>
    public int CachedTokens(int key, int prompt) =>
        enabled && key >= 0 && holders.ContainsKey(key) ? Reusable(prompt) : 0;

    /// <summary>A sequence that found the prompt cached joins its holders.</summary>
    public void Attach(int key, int prompt)
    {
        var count = holders[key];
        SharedTokens += Reusable(prompt);
        holders[key] = count + 1;
    }

    /// <summary>
    /// A sequence that computed its prompt becomes the holder of the prompt's blocks when nobody holds them yet
    /// (a copy computed while another was being computed stays its own). True when it did.
    /// </summary>
    public bool TryHold(int key)
    {
        if (!enabled || key < 0 || holders.ContainsKey(key))
        {
            return false;
        }

        holders[key] = 1;
        return true;
    }

    /// <summary>A holder leaves (finished, preempted or aborted); the blocks stay while others hold them.</summary>
    public void Detach(int key, int prompt)
    {
        var count = holders[key];
        if (count > 1)
        {
            SharedTokens -= Reusable(prompt);
            holders[key] = count - 1;
        }
        else
        {
            holders.Remove(key);
        }
    }

    private int Reusable(int prompt) => Math.Max(0, (prompt - 1) / blockTokens * blockTokens);
}
