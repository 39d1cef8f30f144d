namespace MLEnergy.Runtime.Load;

/// <summary>One request's input: the prompt text and how many tokens to generate at most.</summary>
public sealed record Prompt(string Text, int MaxTokens);
