using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Load;
using MLEnergy.Simulation.Models;
using MLEnergy.Simulation.Telemetry;

namespace MLEnergy.Simulation.Engine;

/// <summary>
/// One replica of a vLLM-style server in virtual time, one event per engine step: every step decodes one
/// token for each running sequence and spends the rest of the token budget on prompt chunks (chunked
/// prefill). Requests join while fewer than max_num_seqs run and their prompt's KV fits; when the cache
/// runs out, the latest-admitted sequence is preempted and later recomputed, as vLLM does. A sequence holds its
/// context in the layers that keep it whole, min(context, window) in the sliding-window layers, its Mamba state,
/// and shares the whole blocks of a prompt that a running sequence already computed (prefix cache, where the
/// server keeps one). The cost of a step is computed for the whole batch at once, never per token; a host stall
/// that comes during a step lengthens it for every sequence of the batch.
/// </summary>
internal sealed partial class ReplicaEngine : ISteppedEngine
{
    private readonly StepCostModel cost;
    private readonly HostStalls stalls;
    private readonly IArrivalSource arrivals;
    private readonly WindowMeter meter;
    private readonly ITokenObserver? observer;
    private readonly int maxSeqs;
    private readonly int maxBatchedTokens;
    private readonly long kvCapacity;
    private readonly long admissionLimit;
    private readonly int stateTokens;
    private readonly double windowWeight;
    private readonly WindowCache windowCache;
    private readonly BlockRounding blockRounding;
    private readonly SequenceSlots slots;
    private readonly PrefillQueue prefill;
    private readonly PrefixCache prefixCache;
    private readonly int[] decoding;
    private readonly Queue<int> preempted = new();
    private readonly PriorityQueue<int, long> finishing = new();
    private readonly PriorityQueue<int, long> newestFirst = new();
    private int decodeCount;
    private int running;
    private long prefillCommitted;
    private double decodeContext;
    private long step;
    private long admissions;
    private int plannedPrefillTokens;
    private double plannedPairs;
    private EncoderFlops plannedEncoder;
    private int plannedCompletions;
    private double plannedKvShare;

    public ReplicaEngine(
        StepCostModel cost,
        GpuPowerModel gpu,
        EngineLimits limits,
        IArrivalSource arrivals,
        WindowMeter meter,
        HostStalls stalls,
        ITokenObserver? observer = null
    )
    {
        this.cost = cost;
        this.stalls = stalls;
        Gpu = gpu;
        this.arrivals = arrivals;
        this.meter = meter;
        this.observer = observer;
        maxSeqs = limits.MaxNumSeqs;
        maxBatchedTokens = Math.Max(limits.MaxNumBatchedTokens, maxSeqs + 1);
        kvCapacity = cost.KvCapacityTokens;
        stateTokens = cost.FixedStateTokensPerSequence;
        windowWeight = cost.WindowCacheWeight;
        admissionLimit = (long)(kvCapacity * (1.0 - WatermarkFraction));
        slots = new SequenceSlots((2 * maxSeqs) + 1);
        prefill = new PrefillQueue(maxSeqs);
        windowCache = new WindowCache(cost.WindowCacheTokens, (2 * maxSeqs) + 1);
        blockRounding = new BlockRounding(cost.RoundedBlockTokens, (2 * maxSeqs) + 1);
        prefixCache = new PrefixCache(Math.Max(1, limits.KvBlockTokens), cost.PrefixCaching);
        decoding = new int[maxSeqs];
    }

    /// <summary>
    /// Share of the KV cache kept free when admitting, so that running sequences can grow (vLLM's watermark).
    /// </summary>
    public const double WatermarkFraction = 0.01;

    public double Now { get; private set; }

    /// <summary>
    /// The GPUs' clock cap and power limit; a new model set between steps governs every step from the next one on
    /// (the steps already run keep the power they were run at).
    /// </summary>
    public GpuPowerModel Gpu { get; set; }

    public PowerTimeline Timeline { get; } = new();

    /// <summary>What the engine's steps add up to over the window it meters.</summary>
    public WindowMeter Meter => meter;

    public int Running => running;

    public long Preemptions { get; private set; }

    /// <summary>The largest share of the KV cache the running sequences held at the start of a step.</summary>
    public double PeakKvShare { get; private set; }

    /// <summary>The share of the KV cache the running sequences hold now (vLLM's <c>kv_cache_usage_perc</c>).</summary>
    public double KvShare => running == 0 ? 0 : Math.Clamp(KvUsed / kvCapacity, 0, 1);

    private double KvUsed =>
        decodeContext
        + prefillCommitted
        + ((double)running * stateTokens)
        + (windowWeight * windowCache.Held)
        + blockRounding.Unused
        - prefixCache.SharedTokens;

    /// <summary>Cache a sequence of this context needs beside its context (Mamba state, sliding-window layers).
    /// </summary>
    private double Beside(int context) =>
        stateTokens
        + (windowWeight * windowCache.Kept(context))
        + (blockRounding.Active ? blockRounding.UnusedAt(context) : 0);

    /// <summary>
    /// Runs one engine step, or, with nothing to run, idles until the next arrival (at most until
    /// <paramref name="horizon"/>). False when there is nothing to run and nothing will arrive.
    /// </summary>
    public bool Step(double horizon)
    {
        if (!Schedule())
        {
            var next = arrivals.NextArrivalTime(Now);
            if (double.IsPositiveInfinity(next))
            {
                return false;
            }

            Idle(Math.Min(Math.Max(next, Now), horizon));
            return true;
        }

        Complete(Execute());
        return true;
    }

    /// <summary>
    /// Admits what fits and plans the next step: the decoding sequences and the prompt chunks the token budget takes.
    /// False when nothing runs (the planned step then carries no token).
    /// </summary>
    public bool Schedule()
    {
        Admit();
        plannedPrefillTokens = 0;
        plannedPairs = 0;
        plannedEncoder = default;
        plannedCompletions = 0;
        if (running == 0)
        {
            return false;
        }

        while (decodeCount > 0 && KvUsed + decodeCount > kvCapacity)
        {
            PreemptNewest();
        }

        plannedKvShare = (KvUsed + decodeCount) / kvCapacity;
        PeakKvShare = Math.Max(PeakKvShare, plannedKvShare);
        var budget = maxBatchedTokens - decodeCount;
        for (var i = 0; i < prefill.Count && budget > 0; i++)
        {
            var slot = prefill[i];
            var done = slots.Prefilled[slot];
            var chunk = Math.Min(slots.PrefillTarget[slot] - done, budget);
            plannedPairs += chunk * (done + (chunk / 2.0));
            if (slots.EncoderPending[slot])
            {
                plannedEncoder += cost.Media!.For(slots.Prompt[slot]);
                slots.EncoderPending[slot] = false;
            }

            slots.Prefilled[slot] = done + chunk;
            budget -= chunk;
            plannedPrefillTokens += chunk;
            plannedCompletions += slots.Prefilled[slot] == slots.PrefillTarget[slot] ? 1 : 0;
        }

        return true;
    }

    /// <summary>Tokens of the planned step (decoding sequences and prompt chunks).</summary>
    public int PlannedTokens => decodeCount + plannedPrefillTokens;

    /// <summary>
    /// What the planned step takes on this engine's GPUs, a host stall that comes during it included.
    /// </summary>
    /// <param name="routedTokens">See <see cref="StepCostModel.Mix"/> (a data-parallel rank's step).</param>
    /// <param name="exchangedTokens">See <see cref="StepCostModel.Mix"/> (a data-parallel rank's step).</param>
    /// <param name="paddedTokens">See <see cref="StepCostModel.Mix"/> (a data-parallel rank's step).</param>
    public OperatingPoint Execute(int routedTokens = -1, int exchangedTokens = -1, int paddedTokens = -1)
    {
        var mix = cost.Mix(
            decodeCount,
            decodeContext,
            plannedPrefillTokens,
            plannedPairs,
            running,
            windowCache.Active ? windowCache.Decoding : -1,
            routedTokens,
            exchangedTokens,
            plannedEncoder,
            paddedTokens
        );
        var point = Gpu.Execute(mix);
        var stalled = stalls.During(Now, point.DurationSeconds, running);
        if (stalled > 0)
        {
            point = Gpu.Execute(mix with { StallSeconds = mix.StallSeconds + stalled });
        }

        return point;
    }

    /// <summary>Ends the planned step at the operating point it ran at: its tokens come out, time advances.</summary>
    public void Complete(OperatingPoint point)
    {
        var completed = plannedCompletions;
        var start = Now;
        Now += point.DurationSeconds;
        Timeline.Add(start, Now, point.PowerWatts);
        meter.AddInterval(start, Now, point.PowerWatts, decodeCount, point.ClockMhz, running, plannedKvShare);
        meter.AddTokens(Now, decodeCount + completed, point.DurationSeconds, decodeCount);
        if (observer is not null)
        {
            NotifyDecoded();
        }

        decodeContext += decodeCount;
        if (windowCache.Active)
        {
            windowCache.Advance(step);
        }

        if (blockRounding.Active)
        {
            blockRounding.Advance(step);
        }

        FinishDue();
        for (var i = 0; i < completed; i++)
        {
            CompletePrefill();
        }

        step++;
    }

    /// <summary>When this engine's next request arrives (now when one waits); +∞ when none will.</summary>
    public double NextArrivalTime() => arrivals.NextArrivalTime(Now);

    /// <summary>
    /// Stops a running request whose client went away, as vLLM aborts it: a decoding sequence leaves the batch and
    /// frees its KV cache at once; one still in prefill (or preempted) is cut to the token it is about to produce.
    /// False when no running sequence has this id.
    /// </summary>
    public bool Abort(long id)
    {
        for (var i = 0; i < decodeCount; i++)
        {
            var slot = decoding[i];
            if (slots.Id[slot] != id)
            {
                continue;
            }

            var generated = slots.Output[slot] - (int)(slots.Due[slot] - step + 1);
            RemoveFromDecoding(slot, slots.Prompt[slot] + generated);
            ReleasePrompt(slot);
            running--;
            slots.Release(slot);
            arrivals.OnCompleted(Now);
            return true;
        }

        for (var i = 0; i < prefill.Count; i++)
        {
            var slot = prefill[i];
            if (slots.Id[slot] == id)
            {
                slots.Output[slot] = slots.Generated[slot] + 1;
                return true;
            }
        }

        foreach (var slot in preempted)
        {
            if (slots.Id[slot] == id)
            {
                slots.Output[slot] = slots.Generated[slot] + 1;
                return true;
            }
        }

        return false;
    }

    /// <summary>Lets virtual time pass with nothing running, at idle power.</summary>
    public void Idle(double until)
    {
        if (until <= Now)
        {
            return;
        }

        Timeline.Add(Now, until, Gpu.IdleWatts);
        meter.AddInterval(Now, until, Gpu.IdleWatts, 0, Gpu.ClockCapMhz);
        Now = until;
    }

    private void NotifyDecoded()
    {
        for (var i = 0; i < decodeCount; i++)
        {
            var slot = decoding[i];
            var remaining = slots.Due[slot] - step;
            observer!.OnToken(slots.Id[slot], Now, slots.Output[slot] - (int)remaining - 1, remaining == 0);
        }
    }
}
