using MLEnergy.Simulation.Hardware;

namespace MLEnergy.Simulation.Models;

/// <summary>
/// A model id with another model's shape (<c>Llama-3.3-70B</c> is <c>Llama-3.1-70B</c>'s), optionally stored at
/// another precision (and its scales' block size), with another parameter count (a vision encoder) or another
/// typical response length.
/// </summary>
public sealed record ModelAlias(
    string Id,
    string ShapeOf,
    WeightPrecision? WeightPrecision = null,
    long? Parameters = null,
    int? VocabSize = null,
    int? TypicalOutputTokens = null,
    VisionEncoder? Vision = null,
    int? WeightBlockSize = null
)
{
    /// <summary>The shape under this alias's id, with its overrides.</summary>
    public ModelArchitecture Apply(ModelArchitecture shape) =>
        shape with
        {
            Id = Id,
            WeightPrecision = WeightPrecision ?? shape.WeightPrecision,
            Parameters = Parameters ?? shape.Parameters,
            VocabSize = VocabSize ?? shape.VocabSize,
            TypicalOutputTokens = TypicalOutputTokens ?? shape.TypicalOutputTokens,
            Vision = Vision ?? shape.Vision,
            WeightBlockSize = WeightBlockSize ?? shape.WeightBlockSize,
        };
}
