using System.Text.Json.Serialization;

namespace MLEnergy.Runtime.Simulation.Load;

/// <summary>One line of a load trace: when the request arrives (seconds from the start) and its token counts.</summary>
public sealed record TraceRequest(
    [property: JsonPropertyName("timestamp")] double TimestampSeconds,
    int PromptTokens,
    int OutputTokens);
