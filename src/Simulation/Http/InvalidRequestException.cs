namespace MLEnergy.Simulation.Http;

/// <summary>A request the server answers with 400 and an OpenAI error body, as vLLM's OpenAI server does.</summary>
internal sealed class InvalidRequestException(string message, string? param = null) : Exception(message)
{
    public string? Param { get; } = param;
}
