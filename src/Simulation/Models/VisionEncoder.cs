namespace MLEnergy.Simulation.Models;

/// <summary>
/// A vision-language model's image encoder and its processor, from the published <c>vision_config</c> and
/// preprocessor config: how many prompt tokens an image or a video becomes, and the encoder's FLOPs for it. The
/// encoder is a vision transformer over patches (gated-free MLP: two matrices) whose attention spans one image, one
/// tile or one group of video frames; its projector is left out (under 2 % of its FLOPs).
/// </summary>
/// <param name="MergeSize">Patches merged into one token along each side (Qwen3-VL's spatial merge 2, Llama 4's
/// pixel shuffle 0.5 = 2, Gemma 3's 4 × 4 average pooling = 4).</param>
/// <param name="TemporalPatchSize">Video frames one patch spans (Qwen3-VL: 2).</param>
/// <param name="MinPixels">Fewest pixels an image is resized to (dynamic resolution).</param>
/// <param name="MaxPixels">Most pixels an image is resized to (dynamic resolution).</param>
/// <param name="ImageSize">The square side an image (fixed rule) or a tile (tiles rule) is resized to.</param>
/// <param name="MaxTiles">Most tiles of one image (tiles rule).</param>
/// <param name="ExtraTokensPerImage">Marker tokens around an image's (or a frame group's) tokens.</param>
/// <param name="VideoSampleFps">Frames per second the processor keeps of a video (Qwen3-VL samples at 2).</param>
/// <param name="MinVideoFrames">Fewest frames the processor keeps of a video.</param>
/// <param name="MaxVideoPixels">Most pixels of all kept frames together (dynamic resolution).</param>
public sealed record VisionEncoder(
    VisionTokenRule Rule,
    int Layers,
    int HiddenSize,
    int IntermediateSize,
    int PatchSize,
    int MergeSize = 1,
    int TemporalPatchSize = 1,
    long MinPixels = 0,
    long MaxPixels = long.MaxValue,
    int ImageSize = 0,
    int MaxTiles = 1,
    int ExtraTokensPerImage = 0,
    double VideoSampleFps = 0,
    int MinVideoFrames = 1,
    long MaxVideoPixels = long.MaxValue
)
{
    /// <summary>Prompt tokens of one image of this size.</summary>
    public int ImageTokens(int width, int height) => Encode(width, height).Tokens + ExtraTokensPerImage;

    /// <summary>Encoder FLOPs for one image of this size.</summary>
    public EncoderFlops ImageFlops(int width, int height) => Encode(width, height).Flops;

    /// <summary>
    /// Prompt tokens of a video of <paramref name="frames"/> frames at <paramref name="fps"/>: the frames the
    /// processor keeps, in groups of <see cref="TemporalPatchSize"/>, each group as many tokens as one image of the
    /// resized frame, plus its markers. Without a temporal rule, every frame is an image.
    /// </summary>
    public int VideoTokens(int frames, double fps, int width, int height)
    {
        var (groups, tokens, _) = EncodeVideo(frames, fps, width, height);
        return groups * (tokens + ExtraTokensPerImage);
    }

    /// <summary>Encoder FLOPs for such a video.</summary>
    public EncoderFlops VideoFlops(int frames, double fps, int width, int height) =>
        EncodeVideo(frames, fps, width, height).Flops;

    /// <summary>Frames the processor keeps of a video of <paramref name="frames"/> frames at
    /// <paramref name="fps"/>.</summary>
    public int KeptFrames(int frames, double fps)
    {
        if (VideoSampleFps <= 0 || fps <= 0)
        {
            return frames;
        }

        var sampled = (int)(frames / fps * VideoSampleFps);
        return Math.Min(Math.Max(sampled, MinVideoFrames), frames);
    }

    /// <summary>FLOPs of the encoder's layers for one patch, the attention aside: its projections and MLP
    /// (2 FLOPs per weight) and the patch embedding.</summary>
    public double LinearFlopsPerPatch =>
        (2.0 * Layers * ((4.0 * HiddenSize * HiddenSize) + (2.0 * HiddenSize * IntermediateSize)))
        + (2.0 * 3 * PatchSize * PatchSize * TemporalPatchSize * HiddenSize);

    /// <summary>FLOPs of <paramref name="patches"/> patches that attend to each other (one image, tile or frame
    /// group): the linear part, and attention's 4 FLOPs per query-key pair per hidden unit in every layer (every
    /// patch attends to every patch of its span: bidirectional).</summary>
    public EncoderFlops SpanFlops(long patches) =>
        new(patches * LinearFlopsPerPatch, 4.0 * patches * patches * HiddenSize * Layers);

    /// <summary>
    /// Whether a larger image makes the spans that attend to each other larger (dynamic resolution: one span of all
    /// its patches, so the attention grows with the square of its tokens) rather than more numerous (tiles) or not at
    /// all (a fixed size).
    /// </summary>
    public bool SpanGrowsWithImage => Rule == VisionTokenRule.DynamicResolution;

    private (int Tokens, EncoderFlops Flops) Encode(int width, int height)
    {
        switch (Rule)
        {
            case VisionTokenRule.FixedPerImage:
            {
                var side = ImageSize / PatchSize;
                long patches = (long)side * side;
                return ((int)(patches / (MergeSize * MergeSize)), SpanFlops(patches));
            }
            case VisionTokenRule.Tiles:
            {
                var tiles = TileCount(width, height);
                var side = ImageSize / PatchSize;
                long patches = (long)side * side;
                return (tiles * (int)(patches / (MergeSize * MergeSize)), tiles * SpanFlops(patches));
            }
            default:
            {
                var (h, w) = Resize(height, width, MinPixels, MaxPixels, 1);
                long patches = (long)(h / PatchSize) * (w / PatchSize);
                return ((int)(patches / (MergeSize * MergeSize)), SpanFlops(patches));
            }
        }
    }

    private (int Groups, int TokensPerGroup, EncoderFlops Flops) EncodeVideo(
        int frames,
        double fps,
        int width,
        int height
    )
    {
        if (Rule != VisionTokenRule.DynamicResolution)
        {
            var (tokens, flops) = Encode(width, height);
            return (frames, tokens, frames * flops);
        }

        var kept = KeptFrames(frames, fps);
        var temporal = Math.Max(1, TemporalPatchSize);
        var groups = (kept + temporal - 1) / temporal;
        var (h, w) = Resize(height, width, MinPixels, MaxVideoPixels, groups * temporal);
        long patches = (long)(h / PatchSize) * (w / PatchSize);
        return (groups, (int)(patches / (MergeSize * MergeSize)), groups * SpanFlops(patches));
    }

    /// <summary>
    /// Qwen-VL's smart resize: each side rounded to a multiple of patch × merge, then scaled so that frames × height
    /// × width lies within the pixel range.
    /// </summary>
    private (int Height, int Width) Resize(int height, int width, long minPixels, long maxPixels, int frames)
    {
        var factor = PatchSize * MergeSize;
        var h = Math.Max(factor, (int)Math.Round((double)height / factor) * factor);
        var w = Math.Max(factor, (int)Math.Round((double)width / factor) * factor);
        if ((double)frames * h * w > maxPixels)
        {
            var beta = Math.Sqrt((double)frames * height * width / maxPixels);
            h = Math.Max(factor, (int)Math.Floor(height / beta / factor) * factor);
            w = Math.Max(factor, (int)Math.Floor(width / beta / factor) * factor);
        }
        else if ((double)frames * h * w < minPixels)
        {
            var beta = Math.Sqrt(minPixels / ((double)frames * height * width));
            h = (int)Math.Ceiling(height * beta / factor) * factor;
            w = (int)Math.Ceiling(width * beta / factor) * factor;
        }

        return (h, w);
    }

    /// <summary>
    /// Llama 4's tiles: the smallest grid of square tiles (at most <see cref="MaxTiles"/>) that holds the image
    /// without shrinking it, else the largest; one global tile more when the grid has several.
    /// </summary>
    private int TileCount(int width, int height)
    {
        int bestTiles = 1;
        double bestScale = double.NaN;
        for (var rows = 1; rows <= MaxTiles; rows++)
        {
            for (var columns = 1; rows * columns <= MaxTiles; columns++)
            {
                var scale = Math.Min((double)columns * ImageSize / width, (double)rows * ImageSize / height);
                var tiles = rows * columns;
                var better =
                    double.IsNaN(bestScale)
                    || (scale >= 1 && (bestScale < 1 || scale < bestScale || (scale == bestScale && tiles < bestTiles)))
                    || (scale < 1 && bestScale < 1 && (scale > bestScale || (scale == bestScale && tiles < bestTiles)));
                if (better)
                {
                    bestScale = scale;
                    bestTiles = tiles;
                }
            }
        }

        return bestTiles > 1 ? bestTiles + 1 : 1;
    }
}
