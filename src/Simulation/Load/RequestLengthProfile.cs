using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Load;

/// <summary>Prompt and output lengths of the simulated requests.</summary>
/// <param name="Media">What each request's image or video asks of the vision encoder, by its prompt's length; null =
/// text.</param>
public sealed record RequestLengthProfile(
    LengthDistribution Prompt,
    LengthDistribution Output,
    MediaEncoding? Media = null
)
{
    /// <summary>
    /// Mean prompt length of a first turn of an LMArena chat conversation (the user's first message), in tokens. The
    /// benchmark replays every turn of a conversation as a request of its own, so a follow-up turn's prompt carries
    /// the whole conversation before it (see <see cref="ChatFollowUpShare"/>).
    /// </summary>
    public const double ChatPromptMeanTokens = 120;

    /// <summary>Log-space spread of first-turn prompt lengths: most are a line, a few paste a document.</summary>
    public const double ChatPromptSigma = 1.4;

    /// <summary>
    /// Share of the chat requests that are follow-up turns, whose prompt is the conversation so far (earlier
    /// questions and the earlier answers of the arena's models): far longer than a first turn. With the follow-ups'
    /// length (<see cref="ChatFollowUpMeanTokens"/>, <see cref="ChatFollowUpSigma"/>) and the first turns' mean and
    /// spread, fitted to the inter-token latency (median and p99), J/token and power of the lm-arena-chat rows named
    /// in <c>engine.json</c>'s <c>fitted_on</c>: the follow-ups' prefill chunks are what makes the latency tail.
    /// </summary>
    public const double ChatFollowUpShare = 0.15;

    /// <summary>Mean prompt length of a follow-up turn of a chat, in tokens.</summary>
    public const double ChatFollowUpMeanTokens = 900;

    /// <summary>Log-space spread of follow-up prompt lengths.</summary>
    public const double ChatFollowUpSigma = 0.8;

    /// <summary>
    /// Lengths resembling LMArena chat as the ML.ENERGY benchmark replays it: short first turns, some long
    /// follow-ups, and responses as long as this model tends to write.
    /// </summary>
    public static RequestLengthProfile ChatFor(ModelArchitecture model) => Workloads.LmArenaChat.LengthsFor(model);
}
