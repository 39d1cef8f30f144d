namespace MLEnergy.Runtime.Load;

/// <summary>
/// One request of a JSONL load trace as written: its arrival, the prompt text when the trace gives one,
/// the prompt's length in tokens (given, or about one per word of the text) and the tokens to generate.
/// </summary>
public sealed record TraceLine(TimeSpan Arrival, string? PromptText, int PromptTokens, int MaxTokens);
