using MLEnergy.Simulation.Load;

namespace MLEnergy.Simulation.Engine;

/// <summary>The sequences' state, as parallel arrays indexed by slot (no object per sequence or token).</summary>
internal sealed class SequenceSlots
{
    private readonly Stack<int> free;

    public SequenceSlots(int capacity)
    {
        Id = new long[capacity];
        Arrival = new double[capacity];
        FirstToken = new double[capacity];
        LastToken = new double[capacity];
        Prompt = new int[capacity];
        Output = new int[capacity];
        PrefillTarget = new int[capacity];
        Prefilled = new int[capacity];
        Generated = new int[capacity];
        DecodeIndex = new int[capacity];
        Due = new long[capacity];
        Admitted = new long[capacity];
        PromptKey = new int[capacity];
        SharesPrompt = new bool[capacity];
        EncoderPending = new bool[capacity];
        free = new Stack<int>(Enumerable.Range(0, capacity).Reverse());
    }

    public long[] Id { get; }

    public double[] Arrival { get; }

    /// <summary>When the first token came out; NaN for a request already in flight when the run began.</summary>
    public double[] FirstToken { get; }

    /// <summary>When the latest token came out (kept while a sequence is preempted).</summary>
    public double[] LastToken { get; }

    public int[] Prompt { get; }

    public int[] Output { get; }

    /// <summary>
    /// Tokens the current prefill must process: the prompt, or prompt + generated after a preemption.
    /// </summary>
    public int[] PrefillTarget { get; }

    public int[] Prefilled { get; }

    /// <summary>Tokens generated before the current decode phase began (or, when observed, so far).</summary>
    public int[] Generated { get; }

    /// <summary>Index in the decoding list, or -1 when not decoding.</summary>
    public int[] DecodeIndex { get; }

    /// <summary>The step after which a decoding sequence has all its tokens.</summary>
    public long[] Due { get; }

    /// <summary>Admission order stamp (latest is preempted first).</summary>
    public long[] Admitted { get; }

    /// <summary>The request's prompt key (-1: a prompt of its own), see <see cref="PendingRequest.PromptKey"/>.
    /// </summary>
    public int[] PromptKey { get; }

    /// <summary>Whether the sequence holds its prompt's cached blocks with the other sequences of its prompt key.
    /// </summary>
    public bool[] SharesPrompt { get; }

    /// <summary>Whether the request's image or video still waits for the vision encoder in this prefill.</summary>
    public bool[] EncoderPending { get; }

    public int Take(in PendingRequest request)
    {
        var slot = free.Pop();
        Id[slot] = request.Id;
        Arrival[slot] = request.ArrivalTime;
        Prompt[slot] = request.PromptTokens;
        Output[slot] = request.OutputTokens;
        PrefillTarget[slot] = request.PromptTokens;
        Prefilled[slot] = 0;
        Generated[slot] = 0;
        DecodeIndex[slot] = -1;
        FirstToken[slot] = double.NaN;
        LastToken[slot] = request.ArrivalTime;
        PromptKey[slot] = request.PromptKey;
        SharesPrompt[slot] = false;
        EncoderPending[slot] = false;
        return slot;
    }

    public void Release(int slot) => free.Push(slot);
}
