using MLEnergy.Simulation.Models;

namespace MLEnergy.Simulation.Load;

/// <summary>
/// The image or video each request of a multimodal workload carries, as the ML.ENERGY benchmark sends it, and the
/// request's text: what a model's processor turns into prompt tokens and its encoder into FLOPs.
/// </summary>
/// <param name="Width">Pixels across of the image (or of each video frame).</param>
/// <param name="Height">Pixels down.</param>
/// <param name="Frames">Video frames sent; 0 = an image.</param>
/// <param name="FramesPerSecond">The sent video's frame rate (its duration is frames over it).</param>
/// <param name="TextMeanTokens">Mean tokens of the request's text and chat template.</param>
/// <param name="Sigma">Log-space spread of the prompt lengths (the media's sizes and the text's).</param>
public sealed record MediaInput(
    int Width,
    int Height,
    int Frames,
    double FramesPerSecond,
    double TextMeanTokens,
    double Sigma
)
{
    /// <summary>Prompt tokens of one request's image or video for this encoder.</summary>
    public int Tokens(VisionEncoder encoder) =>
        Frames > 0 ? encoder.VideoTokens(Frames, FramesPerSecond, Width, Height) : encoder.ImageTokens(Width, Height);

    /// <summary>
    /// Millions of pixels the model's processor resizes and normalizes for one request: the image, or the frames it
    /// keeps of the video.
    /// </summary>
    public double ProcessedMegapixels(VisionEncoder encoder) =>
        (Frames > 0 ? encoder.KeptFrames(Frames, FramesPerSecond) : 1) * (double)Width * Height / 1e6;

    /// <summary>The encoder's FLOPs for one request's image or video (all of its tensor-parallel ranks).</summary>
    public EncoderFlops EncoderFlops(VisionEncoder encoder) =>
        Frames > 0 ? encoder.VideoFlops(Frames, FramesPerSecond, Width, Height) : encoder.ImageFlops(Width, Height);
}
