namespace MLEnergy.Runtime.Load;

/// <summary>One line of a trace: when the request arrives and what it asks.</summary>
public sealed record TraceEntry(TimeSpan Arrival, Prompt Prompt);
