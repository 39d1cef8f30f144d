namespace MLEnergy.Simulation.Engine;

/// <summary>
/// The sequences of a replica still in prefill, in admission order (first in, first out): a fixed ring of slot
/// indices, at most one per batch slot, so that a step allocates nothing.
/// </summary>
internal sealed class PrefillQueue(int capacity)
{
    private readonly int[] ring = new int[capacity];
    private int head;

    public int Count { get; private set; }

    /// <summary>The <paramref name="index"/>-th sequence in prefill, the oldest first.</summary>
    public int this[int index] => ring[(head + index) % ring.Length];

    public void Enqueue(int slot)
    {
        ring[(head + Count) % ring.Length] = slot;
        Count++;
    }

    public int Dequeue()
    {
        var slot = ring[head];
        head = (head + 1) % ring.Length;
        Count--;
        return slot;
    }
}
