using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Load;

/// <summary>Prompt and output lengths of the simulated requests.</summary>
public sealed record RequestLengthProfile(LengthDistribution Prompt, LengthDistribution Output)
{
    /// <summary>Mean prompt length of LMArena chat conversations, in tokens.</summary>
    public const double ChatPromptMeanTokens = 200;

    /// <summary>
    /// Lengths resembling LMArena chat as the ML.ENERGY benchmark replays it: short, widely spread prompts, and
    /// responses as long as this model tends to write.
    /// </summary>
    public static RequestLengthProfile ChatFor(ModelArchitecture model) => new(
        new LengthDistribution(ChatPromptMeanTokens, 1.0, 4, 4096),
        new LengthDistribution(model.TypicalOutputTokens, 0.8, 4, 4096));
}
