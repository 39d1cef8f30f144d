using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Load;

/// <summary>
/// A named request-length profile, after one of the ML.ENERGY v3 LLM tasks: how long prompts are, how long and
/// how spread responses are, and the longest sequence the server admits for it. Usable with every load kind.
/// </summary>
/// <param name="Prompt">Prompt lengths in tokens (for image-chat, the text and the image's tokens together).</param>
/// <param name="OutputMeanTokens">Mean response length; null = the model's own typical response length.</param>
/// <param name="OutputSigma">Log-space spread of response lengths.</param>
/// <param name="MaxModelLen">The server's maximum sequence length for this workload (vLLM --max-model-len).</param>
public sealed record Workload(
    string Name,
    string Description,
    LengthDistribution Prompt,
    double? OutputMeanTokens,
    double OutputSigma,
    int MaxModelLen
)
{
    /// <summary>The longest response one request may ask for.</summary>
    public int MaxOutputTokens => MaxModelLen;

    /// <summary>Prompt and output lengths for this model (<paramref name="outputMeanTokens"/>: another mean).</summary>
    public RequestLengthProfile LengthsFor(ModelArchitecture model, double? outputMeanTokens = null) =>
        new(
            Prompt,
            new LengthDistribution(
                outputMeanTokens ?? OutputMeanTokens ?? model.TypicalOutputTokens,
                OutputSigma,
                4,
                MaxOutputTokens
            )
        );

    public override string ToString() => Name;
}
