namespace MLEnergy.Simulation.Load;

/// <summary>
/// The named workloads: the ML.ENERGY v3 LLM tasks' request lengths. Prompt lengths follow the datasets the
/// benchmark samples (LMArena conversations, GPQA questions with their four choices, Sourcegraph fill-in-the-middle
/// contexts, VisionArena questions with one image, LLaVA-Video requests with 32 frames); response lengths default
/// to the model's own (chat) or to what the task's models wrote on average (ML.ENERGY v3 avg_output_len). The
/// prompt lengths are estimates, not measurements.
/// </summary>
public static class Workloads
{
    public static Workload LmArenaChat { get; } =
        new(
            "lm-arena-chat",
            "LMArena chat: short first turns and long follow-ups (the conversation so far); responses as long as the"
                + " model tends to write",
            new LengthDistribution(
                RequestLengthProfile.ChatPromptMeanTokens,
                RequestLengthProfile.ChatPromptSigma,
                4,
                8192,
                new LengthDistribution(
                    RequestLengthProfile.ChatFollowUpMeanTokens,
                    RequestLengthProfile.ChatFollowUpSigma,
                    4,
                    8192
                ),
                RequestLengthProfile.ChatFollowUpShare
            ),
            null,
            0.8,
            16384
        );

    public static Workload Gpqa { get; } =
        new(
            "gpqa",
            "GPQA reasoning: one graduate-level question with four choices; long reasoning responses",
            new LengthDistribution(300, 0.35, 64, 2048),
            7000,
            0.7,
            32768
        );

    public static Workload SourcegraphFim { get; } =
        new(
            "sourcegraph-fim",
            "Sourcegraph fill-in-the-middle code completion: long code context, short completions",
            new LengthDistribution(2000, 0.6, 64, 16384),
            250,
            0.9,
            16384
        );

    public static Workload ImageChat { get; } =
        new(
            "image-chat",
            "VisionArena image chat, text part: a short question plus one image's tokens in the prompt",
            new LengthDistribution(1100, 0.5, 64, 8192),
            930,
            0.8,
            16384
        );

    public static Workload VideoChat { get; } =
        new(
            "video-chat",
            "LLaVA-Video captioning, text part: a short request plus 32 video frames' tokens in the prompt",
            new LengthDistribution(4000, 0.4, 256, 16384),
            600,
            0.7,
            32768
        );

    /// <summary>
    /// The Azure LLM inference conversation trace's lengths (data/traces, 19,366 requests), fitted as log-normals:
    /// prompts mean 1,155 tokens (σ 0.99 in log space), responses mean 211 (σ 0.86), so that Poisson load at a
    /// trace's rates (<c>--load-levels</c>) offers requests like the trace's own.
    /// </summary>
    public static Workload AzureConv { get; } =
        new(
            "azure-conv",
            "Azure LLM inference trace 2023, conversation: ~1,150-token prompts, ~210-token responses",
            new LengthDistribution(1155, 0.99, 2, 14050),
            211,
            0.86,
            16384
        );

    public static IReadOnlyList<Workload> All { get; } =
    [LmArenaChat, Gpqa, SourcegraphFim, ImageChat, VideoChat, AzureConv];

    /// <summary>The workload of this name (case and separators do not matter; also <c>chat</c>, <c>fim</c>).</summary>
    /// <exception cref="FormatException">No such workload; the message lists the known ones.</exception>
    public static Workload Parse(string name) =>
        TryParse(name, out var workload) ? workload! : throw new FormatException(Unknown(name));

    public static bool TryParse(string? name, out Workload? workload)
    {
        var key = new string([.. (name ?? string.Empty).Where(char.IsLetterOrDigit).Select(char.ToLowerInvariant)]);
        workload = key switch
        {
            "lmarenachat" or "chat" or "lmarena" => LmArenaChat,
            "gpqa" or "reasoning" => Gpqa,
            "sourcegraphfim" or "fim" or "code" => SourcegraphFim,
            "imagechat" or "image" => ImageChat,
            "videochat" or "video" => VideoChat,
            "azureconv" => AzureConv,
            _ => null,
        };
        return workload is not null;
    }

    public static string Unknown(string? name) =>
        $"workload '{name}': expected one of {string.Join(", ", All.Select(w => w.Name))}";
}
