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
/// <param name="Media">The image or video each request carries; for a model with an image encoder, the prompt is
/// its text and the media's tokens as that model's processor counts them, and its prefill runs the encoder. Null:
/// text only (and for a model without an encoder, <paramref name="Prompt"/> stands for both).</param>
public sealed record Workload(
    string Name,
    string Description,
    LengthDistribution Prompt,
    double? OutputMeanTokens,
    double OutputSigma,
    int MaxModelLen,
    MediaInput? Media = null
)
{
    /// <summary>The longest response one request may ask for.</summary>
    public int MaxOutputTokens => MaxModelLen;

    /// <summary>Prompt and output lengths for this model (<paramref name="outputMeanTokens"/>: another mean).</summary>
    public RequestLengthProfile LengthsFor(ModelArchitecture model, double? outputMeanTokens = null)
    {
        var output = new LengthDistribution(
            outputMeanTokens ?? OutputMeanTokens ?? model.TypicalOutputTokens,
            OutputSigma,
            4,
            MaxOutputTokens
        );
        if (Media is null || model.Vision is null)
        {
            return new RequestLengthProfile(Prompt, output);
        }

        var mediaTokens = Media.Tokens(model.Vision);
        var prompt = Media.TextMeanTokens + mediaTokens;
        return new RequestLengthProfile(
            new LengthDistribution(prompt, Media.Sigma, Prompt.Min, Prompt.Max),
            output,
            new MediaEncoding(
                prompt,
                mediaTokens / prompt,
                Media.EncoderFlops(model.Vision),
                model.Vision.SpanGrowsWithImage,
                model.Vision.Layers,
                model.Vision.HiddenSize,
                model.Vision.LinearFlopsPerPatch
            )
        );
    }

    public override string ToString() => Name;
}
