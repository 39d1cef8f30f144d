namespace MLEnergy.Simulation.Engine;

/// <summary>
/// Tokens the sliding-window layers keep: min(context, window) of each decoding sequence, which grows by one token a
/// step until it reaches the window (vLLM's hybrid KV cache manager frees the blocks that fall out of it), and of
/// each sequence in prefill its prompt's share. Kept as sums, with the step at which each short sequence reaches the
/// window, so that no step walks the batch.
/// </summary>
internal sealed class WindowCache(int window, int slots)
{
    private readonly PriorityQueue<int, long> reaching = new();
    private readonly long[] reachesAt = Enumerable.Repeat(-1L, slots).ToArray();
    private long shortSum;
    private int shortCount;
    private int full;
    private long prefill;

    /// <summary>Whether the model has sliding-window layers at all.</summary>
    public bool Active => window > 0;

    /// <summary>Tokens kept, summed over the sequences.</summary>
    public double Held => Decoding + prefill;

    /// <summary>Tokens the decoding sequences keep: what attention reads in the sliding-window layers.</summary>
    public double Decoding => shortSum + ((double)full * window);

    /// <summary>What a sequence of this context keeps.</summary>
    public int Kept(int context) => Math.Min(context, window);

    public void StartPrefill(int target) => prefill += Kept(target);

    public void EndPrefill(int target) => prefill -= Kept(target);

    /// <summary>A sequence of <paramref name="context"/> tokens decodes from the step after <paramref name="step"/>.
    /// </summary>
    public void StartDecoding(int slot, long context, long step)
    {
        if (context >= window)
        {
            full++;
            reachesAt[slot] = -1;
            return;
        }

        shortCount++;
        shortSum += context;
        reachesAt[slot] = step + window - context;
        reaching.Enqueue(slot, reachesAt[slot]);
    }

    /// <summary>Step <paramref name="step"/> added a token to every decoding sequence.</summary>
    public void Advance(long step)
    {
        shortSum += shortCount;
        while (reaching.TryPeek(out var slot, out var due) && due <= step)
        {
            reaching.Dequeue();
            if (reachesAt[slot] != due)
            {
                continue;
            }

            reachesAt[slot] = -1;
            shortCount--;
            shortSum -= window;
            full++;
        }
    }

    /// <summary>A decoding sequence of <paramref name="context"/> tokens leaves the batch.</summary>
    public void StopDecoding(int slot, double context)
    {
        if (reachesAt[slot] >= 0)
        {
            shortCount--;
            shortSum -= (long)context;
            reachesAt[slot] = -1;
        }
        else
        {
            full--;
        }
    }
}
