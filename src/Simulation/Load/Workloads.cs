namespace MLEnergy.Simulation.Load;

/// <summary>
/// The named workloads: the ML.ENERGY v3 LLM tasks' request lengths. Prompt lengths follow the datasets the
/// benchmark samples (LMArena conversations, GPQA questions with their four choices, Sourcegraph fill-in-the-middle
/// contexts, VisionArena questions with one image, LLaVA-Video requests with 32 frames); response lengths default
/// to the model's own (chat) or to what the task's models wrote on average (ML.ENERGY v3 avg_output_len). The
/// prompt lengths are estimates, not measurements. For a vision-language model, image-chat's and video-chat's
/// prompts are the text plus the image's or video's tokens as that model's processor counts them (see
/// <see cref="MediaInput"/>); for other models, the text-only estimate stands.
/// </summary>
public static class Workloads
{
    /// <summary>The benchmark's --max-model-len for image-chat and video-chat (every model's
    /// monolithic.config.yaml).</summary>
    public const int MultimodalMaxModelLen = 20480;

    /// <summary>
    /// Size assumed for a VisionArena image (an estimate: the benchmark sends each conversation's first image as
    /// uploaded, photos and screenshots of about a megapixel or less; their sizes are not published).
    /// </summary>
    public const int VisionArenaImageWidth = 1024;

    /// <summary>See <see cref="VisionArenaImageWidth"/>.</summary>
    public const int VisionArenaImageHeight = 768;

    /// <summary>Tokens of a VisionArena question with its chat template (an estimate: a line or two).</summary>
    public const double VisionArenaTextTokens = 80;

    /// <summary>
    /// Frames the benchmark sends of each LLaVA-Video-178K clip: 32 frames taken evenly from the video, written back
    /// as an MP4 at 30 frames per second (mlenergy.benchmark.llm.datasets, LLaVAVideoDataset), so a 1.07-second
    /// clip, which vLLM loads whole.
    /// </summary>
    public const int LlavaVideoFrames = 32;

    /// <summary>See <see cref="LlavaVideoFrames"/>.</summary>
    public const double LlavaVideoFramesPerSecond = 30;

    /// <summary>
    /// Frame size assumed for a LLaVA-Video-178K clip (an estimate: the dataset's sizes are not published; its
    /// YouTube part comes from HD-VILA-100M, whose videos are 720p, its academic part from ActivityNet, Kinetics,
    /// Charades, YouCook2 and others, mostly smaller; 720p is taken).
    /// </summary>
    public const int LlavaVideoFrameWidth = 1280;

    /// <summary>See <see cref="LlavaVideoFrameWidth"/>.</summary>
    public const int LlavaVideoFrameHeight = 720;

    /// <summary>Tokens of a LLaVA-Video caption request with its chat template (an estimate).</summary>
    public const double LlavaVideoTextTokens = 60;

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
            "VisionArena image chat: a short question plus one image, as many tokens as the model's processor makes"
                + " of it",
            new LengthDistribution(1100, 0.5, 64, 8192),
            930,
            0.8,
            MultimodalMaxModelLen,
            new MediaInput(VisionArenaImageWidth, VisionArenaImageHeight, 0, 0, VisionArenaTextTokens, 0.5)
        );

    public static Workload VideoChat { get; } =
        new(
            "video-chat",
            "LLaVA-Video captioning: a short request plus a 32-frame clip, as many tokens as the model's processor"
                + " makes of it",
            new LengthDistribution(4000, 0.4, 256, 16384),
            600,
            0.7,
            MultimodalMaxModelLen,
            new MediaInput(
                LlavaVideoFrameWidth,
                LlavaVideoFrameHeight,
                LlavaVideoFrames,
                LlavaVideoFramesPerSecond,
                LlavaVideoTextTokens,
                0.3
            )
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
