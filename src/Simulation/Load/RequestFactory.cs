namespace MLEnergy.Simulation.Load;

/// <summary>Makes requests with lengths drawn from a profile, clamped to what one sequence may hold.</summary>
internal sealed class RequestFactory(RequestLengthProfile lengths, int maxSequenceTokens, Random random)
{
    private long nextId;

    public PendingRequest Create(double arrivalTime)
    {
        var prompt = Math.Min(lengths.Prompt.Sample(random), maxSequenceTokens - 1);
        var output = Math.Clamp(lengths.Output.Sample(random), 1, maxSequenceTokens - prompt);
        return new PendingRequest(nextId++, arrivalTime, prompt, output);
    }

    /// <summary>
    /// A request caught in flight at steady state, with a uniform share of its output already generated.
    /// </summary>
    public PendingRequest CreateInFlight(double time)
    {
        var prompt = Math.Min(lengths.Prompt.Sample(random), maxSequenceTokens - 2);
        var output = Math.Clamp(lengths.Output.SampleInFlight(random), 2, maxSequenceTokens - prompt);
        var generated = 1 + random.Next(output - 1);
        return new PendingRequest(nextId++, time, prompt, output, generated);
    }

    /// <summary>Another request with <paramref name="original"/>'s prompt and a response length drawn anew.</summary>
    public PendingRequest CreateCopy(in PendingRequest original, double arrivalTime)
    {
        var output = Math.Clamp(lengths.Output.Sample(random), 1, maxSequenceTokens - original.PromptTokens);
        return original with { Id = nextId++, ArrivalTime = arrivalTime, OutputTokens = output };
    }

    public PendingRequest FromTrace(TraceRequest entry)
    {
        var prompt = Math.Min(entry.PromptTokens, maxSequenceTokens - 1);
        var output = Math.Clamp(entry.OutputTokens, 1, maxSequenceTokens - prompt);
        return new PendingRequest(nextId++, entry.TimestampSeconds, prompt, output);
    }
}
