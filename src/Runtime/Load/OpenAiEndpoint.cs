namespace MLEnergy.Runtime.Load;

/// <summary>The OpenAI-compatible endpoints the load generator streams from.</summary>
public enum OpenAiEndpoint
{
    /// <summary><c>/v1/completions</c> with a <c>prompt</c>.</summary>
    Completions,

    /// <summary><c>/v1/chat/completions</c> with one user message.</summary>
    ChatCompletions,
}
