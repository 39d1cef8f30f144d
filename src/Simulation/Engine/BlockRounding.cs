namespace MLEnergy.Simulation.Engine;

/// <summary>
/// The unused tokens of the sequences' last KV blocks, for block sizes large enough to matter (the 1,312-token
/// attention blocks of a hybrid model, <see cref="HybridKvPool"/>): a sequence of context c holds ⌈c / block⌉
/// blocks. A decoding sequence's context grows by one token a step, so its unused part falls by one a step and comes
/// back to a block less one in the step after its context filled a block; sequences whose context minus the step
/// they started decoding at leave the same remainder fill their blocks in the same steps, so they are counted by that
/// remainder and no step walks the batch. Sequences in prefill hold the blocks of their whole prompt.
/// </summary>
internal sealed class BlockRounding(int blockTokens, int slots)
{
    private readonly int[] byRemainder = new int[Math.Max(1, blockTokens)];
    private readonly int[] remainderOf = Enumerable.Repeat(-1, slots).ToArray();
    private long decoding;
    private long prefill;
    private int sequences;

    /// <summary>Whether blocks are tracked at all (a block size over one token).</summary>
    public bool Active => blockTokens > 1;

    /// <summary>Unused tokens of the last blocks, summed over the sequences.</summary>
    public double Unused => decoding + prefill;

    /// <summary>What the last block of a sequence of this context leaves unused.</summary>
    public int UnusedAt(long context) => (int)((blockTokens - (context % blockTokens)) % blockTokens);

    public void StartPrefill(int target) => prefill += UnusedAt(target);

    public void EndPrefill(int target) => prefill -= UnusedAt(target);

    /// <summary>A sequence of <paramref name="context"/> tokens decodes from the step after <paramref name="step"/>.
    /// </summary>
    public void StartDecoding(int slot, long context, long step)
    {
        var remainder = Remainder(context - step);
        remainderOf[slot] = remainder;
        byRemainder[remainder]++;
        sequences++;
        decoding += UnusedAt(context);
    }

    /// <summary>Step <paramref name="step"/> added a token to every decoding sequence: those whose context filled a
    /// block before it (context ≡ 0, i.e. remainder ≡ 1 − step) took a new one.</summary>
    public void Advance(long step) =>
        decoding += (-(long)sequences) + ((long)blockTokens * byRemainder[Remainder(1 - step)]);

    /// <summary>A decoding sequence of <paramref name="context"/> tokens leaves the batch.</summary>
    public void StopDecoding(int slot, double context)
    {
        var remainder = remainderOf[slot];
        if (remainder < 0)
        {
            return;
        }

        byRemainder[remainder]--;
        remainderOf[slot] = -1;
        sequences--;
        decoding -= UnusedAt((long)context);
    }

    private int Remainder(long value) => (int)(((value % blockTokens) + blockTokens) % blockTokens);
}
