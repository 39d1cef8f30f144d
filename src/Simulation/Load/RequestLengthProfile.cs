using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Load;

/// <summary>Prompt and output lengths of the simulated requests.</summary>
public sealed record RequestLengthProfile(LengthDistribution Prompt, LengthDistribution Output)
{
    /// <summary>Mean prompt length of LMArena chat conversations, in tokens.</summary>
    public const double ChatPromptMeanTokens = 200;

    /// <summary>
    /// Log-space spread of LMArena chat prompt lengths: most prompts are a line, a few paste whole documents.
    /// Fitted (with the mean held) to the p99 inter-token latency of the lm-arena-chat rows named in
    /// <c>engine.json</c>'s <c>fitted_on</c>: the long prompts' prefill chunks are what makes the latency tail.
    /// </summary>
    public const double ChatPromptSigma = 1.8;

    /// <summary>
    /// Lengths resembling LMArena chat as the ML.ENERGY benchmark replays it: short, widely spread prompts, and
    /// responses as long as this model tends to write.
    /// </summary>
    public static RequestLengthProfile ChatFor(ModelArchitecture model) => Workloads.LmArenaChat.LengthsFor(model);
}
