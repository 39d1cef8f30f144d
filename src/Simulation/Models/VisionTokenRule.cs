namespace MLEnergy.Simulation.Models;

/// <summary>How a vision-language model's processor turns an image into prompt tokens.</summary>
public enum VisionTokenRule
{
    /// <summary>
    /// Qwen-VL dynamic resolution: the image is resized to multiples of patch × merge within a pixel range, and every
    /// merge × merge block of patches is one token; a video is cut into groups of temporal-patch frames.
    /// </summary>
    DynamicResolution,

    /// <summary>Gemma 3: every image is resized to one square size and pooled to a fixed token count.</summary>
    FixedPerImage,

    /// <summary>Llama 4: the image is cut into square tiles (up to a maximum) plus one global tile when several.
    /// </summary>
    Tiles,
}
