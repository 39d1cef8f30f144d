namespace MLEnergy.Simulation.Engine;

/// <summary>
/// A sequence's way through the replica: admitted while its prompt's KV fits, its prompt chunked, decoding,
/// preempted newest-first when the cache runs out, finished.
/// </summary>
internal sealed partial class ReplicaEngine
{
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

        if (blockRounding.Active)
        {
            blockRounding.StartPrefill(slots.PrefillTarget[slot]);
        }

        var cached = prefixCache.CachedTokens(slots.PromptKey[slot], slots.Prompt[slot]);
        if (cached > 0)
        {
            prefixCache.Attach(slots.PromptKey[slot], slots.Prompt[slot]);
            slots.SharesPrompt[slot] = true;
            slots.Prefilled[slot] = cached;
        }

        slots.EncoderPending[slot] = cost.Media?.Needed(slots.Prompt[slot], cached) ?? false;

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

        if (blockRounding.Active)
        {
            blockRounding.EndPrefill(slots.PrefillTarget[slot]);
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

        if (blockRounding.Active)
        {
            blockRounding.StartDecoding(slot, slots.Prompt[slot] + generated, step);
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

        if (blockRounding.Active)
        {
            blockRounding.StopDecoding(slot, context);
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
}
