using MLEnergy.Simulation.Hardware;
using MLEnergy.Simulation.Load;
using MLEnergy.Simulation.Telemetry;

namespace MLEnergy.Simulation.Engine;

/// <summary>
/// One replica of a vLLM-style server in virtual time, one event per engine step: every step decodes one
/// token for each running sequence and spends the rest of the token budget on prompt chunks (chunked
/// prefill). Requests join while fewer than max_num_seqs run and their prompt's KV fits; when the cache
/// runs out, the latest-admitted sequence is preempted and later recomputed, as vLLM does. A sequence holds its
/// context in the layers that keep it whole, min(context, window) in the sliding-window layers, its Mamba state,
/// and shares the whole blocks of a prompt that a running sequence already computed (prefix cache). The cost of a
/// step is computed for the whole batch at once, never per token; a host stall that comes during a step lengthens
/// it for every sequence of the batch.
/// </summary>
internal sealed class ReplicaEngine
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
        prefixCache = new PrefixCache(Math.Max(1, limits.KvBlockTokens));
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

    public int Running => running;

    public long Preemptions { get; private set; }

    private double KvUsed =>
        decodeContext
        + prefillCommitted
        + ((double)running * stateTokens)
        + (windowWeight * windowCache.Held)
        - prefixCache.SharedTokens;

    /// <summary>Cache a sequence of this context needs beside its context (Mamba state, sliding-window layers).
    /// </summary>
    private double Beside(int context) => stateTokens + (windowWeight * windowCache.Kept(context));

    /// <summary>Runs steps until virtual time reaches <paramref name="end"/> or no request will ever come.</summary>
    public void RunUntil(double end, CancellationToken cancellationToken)
    {
        var checks = 0;
        while (Now < end)
        {
            if ((++checks & 1023) == 0)
            {
                cancellationToken.ThrowIfCancellationRequested();
            }

            if (!Step(end))
            {
                Idle(end);
                return;
            }
        }
    }

    /// <summary>
    /// Runs one engine step, or, with nothing to run, idles until the next arrival (at most until
    /// <paramref name="horizon"/>). False when there is nothing to run and nothing will arrive.
    /// </summary>
    public bool Step(double horizon)
    {
        Admit();
        if (running == 0)
        {
            var next = arrivals.NextArrivalTime(Now);
            if (double.IsPositiveInfinity(next))
            {
                return false;
            }

            Idle(Math.Min(Math.Max(next, Now), horizon));
            return true;
        }

        while (decodeCount > 0 && KvUsed + decodeCount > kvCapacity)
        {
            PreemptNewest();
        }

        var budget = maxBatchedTokens - decodeCount;
        int prefillTokens = 0,
            completed = 0;
        double pairs = 0;
        for (var i = 0; i < prefill.Count && budget > 0; i++)
        {
            var slot = prefill[i];
            var done = slots.Prefilled[slot];
            var chunk = Math.Min(slots.PrefillTarget[slot] - done, budget);
            pairs += chunk * (done + (chunk / 2.0));
            slots.Prefilled[slot] = done + chunk;
            budget -= chunk;
            prefillTokens += chunk;
            completed += slots.Prefilled[slot] == slots.PrefillTarget[slot] ? 1 : 0;
        }

        var mix = cost.Mix(
            decodeCount,
            decodeContext,
            prefillTokens,
            pairs,
            running,
            windowCache.Active ? windowCache.Decoding : -1
        );
        var point = Gpu.Execute(mix);
        var stalled = stalls.During(Now, point.DurationSeconds, running);
        if (stalled > 0)
        {
            point = Gpu.Execute(mix with { StallSeconds = mix.StallSeconds + stalled });
        }

        var start = Now;
        Now += point.DurationSeconds;
        Timeline.Add(start, Now, point.PowerWatts);
        meter.AddInterval(start, Now, point.PowerWatts, decodeCount, point.ClockMhz);
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

        FinishDue();
        for (var i = 0; i < completed; i++)
        {
            CompletePrefill();
        }

        step++;
        return true;
    }

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

    private void Admit()
    {
        while (running < maxSeqs)
        {
            if (preempted.TryPeek(out var resumed))
            {
                var cached = prefixCache.CachedTokens(slots.PromptKey[resumed], slots.Prompt[resumed]);
                var target = slots.PrefillTarget[resumed];
                if (KvUsed + decodeCount + Beside(target) + target - cached > admissionLimit)
                {
                    return;
                }

                preempted.Dequeue();
                Enqueue(resumed);
                continue;
            }

            if (
                !arrivals.TryPeek(Now, out var request)
                || KvUsed
                    + decodeCount
                    + Beside(request.PromptTokens + request.AlreadyGenerated)
                    + request.PromptTokens
                    + request.AlreadyGenerated
                    - prefixCache.CachedTokens(request.PromptKey, request.PromptTokens)
                    > admissionLimit
            )
            {
                return;
            }

            arrivals.Pop();
            var slot = slots.Take(request);
            if (request.AlreadyGenerated > 0)
            {
                running++;
                slots.Admitted[slot] = admissions++;
                StartDecoding(slot, request.AlreadyGenerated, firstDecodeStep: step);
            }
            else
            {
                Enqueue(slot);
            }
        }
    }

    private void Enqueue(int slot)
    {
        running++;
        slots.Admitted[slot] = admissions++;
        slots.Prefilled[slot] = 0;
        prefillCommitted += slots.PrefillTarget[slot];
        if (windowCache.Active)
        {
            windowCache.StartPrefill(slots.PrefillTarget[slot]);
        }

        var cached = prefixCache.CachedTokens(slots.PromptKey[slot], slots.Prompt[slot]);
        if (cached > 0)
        {
            prefixCache.Attach(slots.PromptKey[slot], slots.Prompt[slot]);
            slots.SharesPrompt[slot] = true;
            slots.Prefilled[slot] = cached;
        }

        prefill.Enqueue(slot);
    }

    private void ReleasePrompt(int slot)
    {
        if (slots.SharesPrompt[slot])
        {
            prefixCache.Detach(slots.PromptKey[slot], slots.Prompt[slot]);
            slots.SharesPrompt[slot] = false;
        }
    }

    private void CompletePrefill()
    {
        var slot = prefill.Dequeue();
        prefillCommitted -= slots.PrefillTarget[slot];
        if (windowCache.Active)
        {
            windowCache.EndPrefill(slots.PrefillTarget[slot]);
        }

        slots.SharesPrompt[slot] |= prefixCache.TryHold(slots.PromptKey[slot]);
        var generated = slots.Generated[slot] + 1;
        if (double.IsNaN(slots.FirstToken[slot]) && generated == 1)
        {
            slots.FirstToken[slot] = Now;
        }
        else
        {
            meter.AddTokens(Now, 0, Now - slots.LastToken[slot], 1);
        }

        observer?.OnToken(slots.Id[slot], Now, generated - 1, generated >= slots.Output[slot]);
        StartDecoding(slot, generated, firstDecodeStep: step + 1);
    }

    private void StartDecoding(int slot, int generated, long firstDecodeStep)
    {
        slots.Generated[slot] = generated;
        if (generated >= slots.Output[slot])
        {
            Finish(slot);
            return;
        }

        slots.DecodeIndex[slot] = decodeCount;
        decoding[decodeCount++] = slot;
        decodeContext += slots.Prompt[slot] + generated;
        if (windowCache.Active)
        {
            windowCache.StartDecoding(slot, slots.Prompt[slot] + generated, step);
        }

        var due = firstDecodeStep + slots.Output[slot] - generated - 1;
        slots.Due[slot] = due;
        finishing.Enqueue(slot, due);
        newestFirst.Enqueue(slot, -slots.Admitted[slot]);
        if (newestFirst.Count > 4 * maxSeqs)
        {
            newestFirst.Clear();
            for (var i = 0; i < decodeCount; i++)
            {
                newestFirst.Enqueue(decoding[i], -slots.Admitted[decoding[i]]);
            }
        }
    }

    private void FinishDue()
    {
        while (finishing.TryPeek(out var slot, out var due) && due <= step)
        {
            finishing.Dequeue();
            if (slots.DecodeIndex[slot] >= 0 && slots.Due[slot] == due)
            {
                RemoveFromDecoding(slot, slots.Prompt[slot] + slots.Output[slot]);
                Finish(slot);
            }
        }
    }

    private void PreemptNewest()
    {
        while (newestFirst.TryDequeue(out var slot, out var negativeStamp))
        {
            if (slots.DecodeIndex[slot] < 0 || slots.Admitted[slot] != -negativeStamp)
            {
                continue;
            }

            var generated = slots.Output[slot] - (int)(slots.Due[slot] - step + 1);
            RemoveFromDecoding(slot, slots.Prompt[slot] + generated);
            ReleasePrompt(slot);
            running--;
            slots.Generated[slot] = generated;
            slots.PrefillTarget[slot] = slots.Prompt[slot] + generated;
            slots.LastToken[slot] = Now;
            preempted.Enqueue(slot);
            Preemptions++;
            return;
        }
    }

    private void RemoveFromDecoding(int slot, double context)
    {
        decodeContext -= context;
        if (windowCache.Active)
        {
            windowCache.StopDecoding(slot, context);
        }

        var index = slots.DecodeIndex[slot];
        var moved = decoding[--decodeCount];
        decoding[index] = moved;
        slots.DecodeIndex[moved] = index;
        slots.DecodeIndex[slot] = -1;
    }

    private void Finish(int slot)
    {
        ReleasePrompt(slot);
        if (!double.IsNaN(slots.FirstToken[slot]))
        {
            meter.AddRequest(
                slots.Id[slot],
                slots.Arrival[slot],
                slots.FirstToken[slot],
                Now,
                slots.Prompt[slot],
                slots.Output[slot]
            );
        }

        running--;
        slots.Release(slot);
        arrivals.OnCompleted(Now);
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
