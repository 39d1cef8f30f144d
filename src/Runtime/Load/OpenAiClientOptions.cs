namespace MLEnergy.Runtime.Load;

/// <summary>Where and how to send requests. <see cref="ApiKey"/> is sent as a bearer token and never printed.</summary>
public sealed record OpenAiClientOptions(
    Uri BaseUrl,
    string Model,
    OpenAiEndpoint Endpoint = OpenAiEndpoint.Completions
)
{
    public string? ApiKey { get; init; }

    public TimeSpan RequestTimeout { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>Sampling temperature; output checks use 0.</summary>
    public double? Temperature { get; init; }

    /// <summary>Keep each response's text (for output checks); off for load, to save memory.</summary>
    public bool KeepText { get; init; }

    public override string ToString() =>
        $"{Endpoint} at {BaseUrl} model {Model}{(ApiKey is null ? string.Empty : " (API key set)")}";
}
